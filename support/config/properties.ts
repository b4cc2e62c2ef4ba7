/** Java .properties text, keys in insertion order. */
export type Properties = Record<string, string | number | boolean>;

const CONTROL: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\f': '\\f' };

/**
 * Escapes text so that java.util.Properties.load reads it back as given (it reads files as
 * ISO-8859-1, treats "\" as an escape, strips a value's leading white space, and ends a key at
 * "=", ":" or white space): what Properties.store does, but ":", "=", "#" and "!" inside values
 * stay readable, since load takes them literally there. A topic regex such as `products\..*`
 * reaches MM2 intact.
 */
export function escapeProperty(text: string, isKey: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    if (CONTROL[c]) out += CONTROL[c];
    else if (c === ' ' && (isKey || i === 0)) out += '\\ ';
    else if (isKey && '=:#!'.includes(c)) out += `\\${c}`;
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

export function renderProperties(props: Properties, header?: string): string {
  const lines = header ? header.split('\n').map((l) => `# ${l}`) : [];
  for (const [key, value] of Object.entries(props)) lines.push(`${escapeProperty(key, true)}=${escapeProperty(String(value), false)}`);
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
