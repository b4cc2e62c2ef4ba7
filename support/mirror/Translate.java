// Prints, one line each, what Kafka's own RemoteClusterUtils.translateOffsets returns:
//   java -cp '<kafka jars>/*' support/mirror/Translate.java <bootstrap servers> <remote cluster alias> <group> [<client properties file>]
// Run by support/mirror/translate-proof.ts to hold `npm run translate` against the Java class.
// The properties file (a --command-config, e.g. a secured cluster's) is loaded into the props
// MirrorClient gets, with bootstrap.servers from the first argument. Output lines:
//   TRANSLATED <topic> <partition> <offset>
// (a topic name has no white space); Kafka's own log lines, if any, never start so.

import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;

public class Translate {
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Translate <bootstrap servers> <remote cluster alias> <group> [<client properties file>]");
            System.exit(2);
        }
        Map<String, Object> props = new HashMap<>();
        if (args.length > 3) {
            Properties file = new Properties();
            try (InputStream in = new FileInputStream(args[3])) {
                file.load(in);
            }
            for (String key : file.stringPropertyNames()) props.put(key, file.getProperty(key));
        }
        props.put("bootstrap.servers", args[0]);
        Map<TopicPartition, OffsetAndMetadata> offsets = RemoteClusterUtils.translateOffsets(props, args[1], args[2], Duration.ofSeconds(30));
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
            System.out.println("TRANSLATED " + e.getKey().topic() + " " + e.getKey().partition() + " " + e.getValue().offset());
        }
        System.out.println("DONE " + offsets.size());
    }
}
