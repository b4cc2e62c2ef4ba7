// Prints, as JSON, the config names MirrorMaker 2 defines in the Kafka jars on the class path:
//   java -cp '<kafka jars>/*' support/mirror/ConfigNames.java
// Run by support/mirror/config-names.ts once per Kafka version (its answer is cached as JSON).
// Java 11+ runs a single-file source like this one without a build. The definitions are read by
// reflection because most are package-private or protected (CONNECTOR_CONFIG_DEF,
// CLIENT_CONFIG_DEF, MirrorMakerConfig.config()); each group lists where its names came from.

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

public class ConfigNames {
    private static final List<String> sources = new ArrayList<>();

    /** The names of the biggest ConfigDef a static field or a static method (no argument, or one X with X.SYSTEM) of the class gives. */
    static Set<String> namesOf(String className, String... members) throws Exception {
        Class<?> configDef = Class.forName("org.apache.kafka.common.config.ConfigDef");
        Class<?> type = Class.forName(className);
        Set<String> best = null;
        String from = null;
        for (String member : members) {
            Object def = null;
            try {
                Field f = type.getDeclaredField(member);
                if (Modifier.isStatic(f.getModifiers()) && configDef.isAssignableFrom(f.getType())) {
                    f.setAccessible(true);
                    def = f.get(null);
                }
            } catch (NoSuchFieldException e) {
                // not a field: a method below
            }
            if (def == null) {
                for (Method m : type.getDeclaredMethods()) {
                    if (!m.getName().equals(member) || !Modifier.isStatic(m.getModifiers()) || !configDef.isAssignableFrom(m.getReturnType())) continue;
                    m.setAccessible(true);
                    if (m.getParameterCount() == 0) def = m.invoke(null);
                    else if (m.getParameterCount() == 1) {
                        try {
                            Field system = m.getParameterTypes()[0].getDeclaredField("SYSTEM");
                            def = m.invoke(null, system.get(null));
                        } catch (NoSuchFieldException e) {
                            continue;
                        }
                    }
                    if (def != null) break;
                }
            }
            if (def == null) continue;
            @SuppressWarnings("unchecked")
            Set<String> names = (Set<String>) configDef.getMethod("names").invoke(def);
            if (best == null || names.size() > best.size()) {
                best = new TreeSet<>(names);
                from = type.getSimpleName() + "." + member;
            }
        }
        if (best == null) throw new IllegalStateException("no ConfigDef in " + className + " among " + String.join(", ", members));
        sources.add(from);
        return best;
    }

    static String json(Set<String> names) {
        StringBuilder out = new StringBuilder("[");
        for (String n : names) {
            if (out.length() > 1) out.append(',');
            out.append('"').append(n.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append(']').toString();
    }

    public static void main(String[] args) throws Exception {
        String mirror = "org.apache.kafka.connect.mirror.";
        Set<String> mm2 = namesOf(mirror + "MirrorMakerConfig", "config", "CONFIG_DEF");
        Set<String> connector = new TreeSet<>();
        for (String c : new String[] {"MirrorSourceConfig", "MirrorCheckpointConfig", "MirrorHeartbeatConfig"}) connector.addAll(namesOf(mirror + c, "CONNECTOR_CONFIG_DEF"));
        Set<String> client = namesOf(mirror + "MirrorClientConfig", "CLIENT_CONFIG_DEF");
        client.addAll(namesOf(mirror + "MirrorClientConfig", "CONFIG_DEF"));
        Set<String> consumer = namesOf("org.apache.kafka.clients.consumer.ConsumerConfig", "CONFIG", "configDef");
        Set<String> producer = namesOf("org.apache.kafka.clients.producer.ProducerConfig", "CONFIG", "configDef");
        Set<String> admin = namesOf("org.apache.kafka.clients.admin.AdminClientConfig", "CONFIG", "configDef");
        Set<String> worker = namesOf("org.apache.kafka.connect.runtime.distributed.DistributedConfig", "config", "CONFIG", "configDef");
        String version = (String) Class.forName("org.apache.kafka.common.utils.AppInfoParser").getMethod("getVersion").invoke(null);
        System.out.println("{\"version\":\"" + version + "\""
            + ",\"mm2\":" + json(mm2)
            + ",\"connector\":" + json(connector)
            + ",\"client\":" + json(client)
            + ",\"consumer\":" + json(consumer)
            + ",\"producer\":" + json(producer)
            + ",\"admin\":" + json(admin)
            + ",\"worker\":" + json(worker)
            + ",\"from\":" + json(new TreeSet<>(sources)) + "}");
    }
}
