package kb.devcluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node for development and tests, started in this JVM.
 *
 * <p>The official distribution loads the HTTP transport, the common analysis chain and Painless
 * (the index's scripted similarity) as modules from its modules/ folder; here they are plain jars
 * on the classpath, handed to the node as
 * classpath plugins (what OpenSearch's own test framework does). Every argument is one node
 * setting, {@code key=value} (node.name, http.port, path.home, discovery.seed_hosts with commas...),
 * so the shell script that starts the cluster says everything about each node.
 */
public final class DevNode extends Node {

    private DevNode(Environment environment) {
        super(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, PainlessPlugin.class), true);
    }

    /** The node's settings: a loopback-only development node, then the command line's. */
    static Settings settings(String[] args) {
        Settings.Builder builder = Settings.builder()
            .put("network.host", "127.0.0.1")
            // a shared development disk may be fuller than the production watermarks allow
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            String key = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            if (key.equals("discovery.seed_hosts") || key.equals("cluster.initial_cluster_manager_nodes")) {
                builder.putList(key, value.split(","));
            } else {
                builder.put(key, value);
            }
        }
        return builder.build();
    }

    public static void main(String[] args) throws Exception {
        Settings settings = settings(args);
        if (settings.get("path.home") == null) {
            throw new IllegalArgumentException("path.home=DIR is required");
        }
        LogConfigurator.configureWithoutConfig(settings);
        String name = settings.get("node.name", "dev");
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), Path.of(settings.get("path.home")), () -> name);
        DevNode node = new DevNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("node " + name + " started");
        stopped.await();
    }
}
