package dev.atomicmongo.update;

/** The update operators, in the spelling the server expects. */
enum Op {
    SET("$set"),
    SET_ON_INSERT("$setOnInsert"),
    UNSET("$unset"),
    INC("$inc"),
    MUL("$mul"),
    MIN("$min"),
    MAX("$max"),
    CURRENT_DATE("$currentDate"),
    RENAME("$rename"),
    ADD_TO_SET("$addToSet"),
    PUSH("$push"),
    PULL("$pull"),
    PULL_ALL("$pullAll"),
    POP("$pop"),
    BIT("$bit");

    final String operator;

    Op(String operator) {
        this.operator = operator;
    }
}
