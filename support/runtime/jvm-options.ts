/**
 * A JVM's arguments after `java`, the same for every node the harness starts: a local JVM process
 * (local/jvm-process.ts) and the command of a container (containers/containers-runtime.ts), so
 * that a node behaves alike in both.
 */
export function jvmArgs(o: { heap: string; jvmOptions?: string[]; systemProperties?: Record<string, string>; classpath: string; mainClass: string; args: string[] }): string[] {
  return [
    `-Xmx${o.heap}`,
    '-XX:+UseSerialGC',
    // Short-lived test JVMs start markedly faster with C1 only.
    '-XX:TieredStopAtLevel=1',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    ...(o.jvmOptions ?? []),
    ...Object.entries(o.systemProperties ?? {}).map(([k, v]) => `-D${k}=${v}`),
    '-cp',
    o.classpath,
    o.mainClass,
    ...o.args,
  ];
}
