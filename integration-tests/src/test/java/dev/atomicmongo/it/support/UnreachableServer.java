package dev.atomicmongo.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/** A client of a server that never answers: a local port nobody listens on, so connections are refused. */
public final class UnreachableServer {
    private UnreachableServer() {
    }

    /** A new client whose server selection gives up after {@code selectionTimeoutMillis}; the caller closes it. */
    public static MongoClient client(long selectionTimeoutMillis) {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();   // free once closed: connections are refused
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .applyToClusterSettings(s -> s.serverSelectionTimeout(selectionTimeoutMillis, TimeUnit.MILLISECONDS))
                .build());
    }
}
