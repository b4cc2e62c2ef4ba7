/** Java .properties text, keys in insertion order; values are written as given. */
export type Properties = Record<string, string | number | boolean>;

export function renderProperties(props: Properties, header?: string): string {
  const lines = header ? header.split('\n').map((l) => `# ${l}`) : [];
  for (const [key, value] of Object.entries(props)) lines.push(`${key}=${String(value)}`);
  return `${lines.join('\n')}\n`;
}

/** A console-only logging configuration for the backend the distribution ships with. */
export function loggingConfig(backend: 'log4j2' | 'reload4j'): { fileName: string; text: string; systemProperty: [string, string] } {
  if (backend === 'log4j2') {
    return {
      fileName: 'log4j2.properties',
      systemProperty: ['log4j2.configurationFile', ''],
      text: [
        'status = error',
        'appender.out.type = Console',
        'appender.out.name = OUT',
        'appender.out.layout.type = PatternLayout',
        'appender.out.layout.pattern = [%d] %p %m (%c)%n',
        'rootLogger.level = INFO',
        'rootLogger.appenderRef.out.ref = OUT',
        // Connect's REST access log and reflections scanning are noise in a drill log.
        'logger.reflections.name = org.reflections',
        'logger.reflections.level = ERROR',
        '',
      ].join('\n'),
    };
  }
  return {
    fileName: 'log4j.properties',
    systemProperty: ['log4j.configuration', ''],
    text: [
      'log4j.rootLogger=INFO, out',
      'log4j.appender.out=org.apache.log4j.ConsoleAppender',
      'log4j.appender.out.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.org.reflections=ERROR',
      '',
    ].join('\n'),
  };
}
