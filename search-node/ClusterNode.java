// One node of a multi-node OpenSearch cluster, one JVM per node (used by cluster.sh).
//
//   java -cp <runner classpath> search-node/ClusterNode.java \
//       <cluster name> <node number> <node count> <base port> <base path> <repo path>
//
// Run as a single-file source program (Java 11+), so there is nothing to compile.
// The runner's own main starts every node in one JVM and forces single-node discovery
// when it starts only one; here each JVM starts one node of the runner with zen
// discovery, fixed ports and seed hosts, so stopping one process really takes one node
// out while the others keep serving.
//
// Node i (1-based) listens for HTTP on base + i and for transport on base + 200 + i.
// Its data lives in <base path>/node-<i>/; every node shares <repo path> as path.repo
// (an "fs" snapshot repository needs the same directory on every node).

import java.util.ArrayList;
import java.util.List;
import org.codelibs.opensearch.runner.OpenSearchRunner;

public class ClusterNode {
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: ClusterNode <cluster> <node> <count> <base port> "
                    + "<base path> <repo path>");
            System.exit(2);
        }
        final String cluster = args[0];
        final int node = Integer.parseInt(args[1]);
        final int count = Integer.parseInt(args[2]);
        final int base = Integer.parseInt(args[3]);
        final String basePath = args[4];
        final String repoPath = args[5];
        final List<String> names = new ArrayList<>();
        final List<String> seeds = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(cluster + "-node-" + i);
            seeds.add("127.0.0.1:" + (base + 200 + i));
        }
        final OpenSearchRunner runner = new OpenSearchRunner() {
            {
                // The runner probes HTTP ports only up to 9299; ports here are explicit.
                maxHttpPort = -1;
            }
        };
        runner.onBuild((index, settings) -> {
            settings.put("node.name", names.get(node - 1));
            settings.put("http.port", String.valueOf(base + node));
            settings.put("transport.port", String.valueOf(base + 200 + node));
            settings.put("network.host", "127.0.0.1");
            // Zen discovery instead of the runner's single-node default for one node.
            settings.put("discovery.type", "zen");
            settings.putList("discovery.seed_hosts", seeds);
            settings.putList("cluster.initial_cluster_manager_nodes", names);
            settings.put("path.repo", repoPath);
            // A laptop disk is often > 90 % full; do not let watermarks block tests.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (Exception e) {
                System.err.println("close failed: " + e);
            }
        }));
        runner.build("-basePath", basePath + "/node-" + node, "-numOfNode", "1",
                "-baseHttpPort", String.valueOf(base + node - 1), "-clusterName", cluster);
        while (!runner.isClosed()) {
            Thread.sleep(2000);
        }
    }
}
