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

/**
 * Reads Java .properties text as java.util.Properties.load does: `#` and `!` comment lines, a key
 * ended by an unescaped "=", ":" or white space, white space around the separator and before the
 * value skipped, a line ending in an odd number of "\" continued on the next (its leading white
 * space dropped), and the escapes \t \n \r \f \uXXXX (any other "\c" is c). A later key wins.
 * The text is taken as given (Properties.load(Reader): no ISO-8859-1 re-decoding).
 */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.replace(/^[ \t\f]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    // Continuations: an odd number of trailing backslashes joins the next line.
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i]!.replace(/^[ \t\f]+/, '');
    if (/(^|[^\\])(\\\\)*\\$/.test(line)) line = line.slice(0, -1);
    let k = 0;
    while (k < line.length && !'=: \t\f'.includes(line[k]!)) k += line[k] === '\\' ? 2 : 1;
    const key = line.slice(0, Math.min(k, line.length));
    let v = k;
    while (v < line.length && ' \t\f'.includes(line[v]!)) v++;
    if (v < line.length && '=:'.includes(line[v]!)) v++;
    while (v < line.length && ' \t\f'.includes(line[v]!)) v++;
    out[unescapeProperty(key)] = unescapeProperty(line.slice(v));
  }
  return out;
}

function unescapeProperty(text: string): string {
  const named: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => (e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (named[e] ?? e)));
}
