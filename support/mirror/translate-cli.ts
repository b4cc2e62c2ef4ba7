/**
 * `npm run translate -- --target <bootstrap servers> --source-alias <alias> --group <group>
 * [--command-config <client properties file>] [--timeout <seconds>] [--json]`: per remote topic
 * partition, the offset RemoteClusterUtils.translateOffsets would give the group on the target
 * (support/mirror/translate.ts), with the checkpoint's upstream offset beside it; --json prints the
 * same as JSON. Exit 0 with the translation, 2 on a usage error (a flag, the command config), 1 when
 * the cluster, the checkpoints topic or the group's checkpoints are not there. See docs/translate.md.
 */
import { redactText } from '../config/secrets.ts';
import { commandConfigOf, formatTable, parseTranslateArgs, readCommandConfig, toJson, translate, TranslateFailed, TranslateUsage, USAGE, type CommandConfig } from './translate.ts';

async function main(argv: string[]): Promise<number> {
  let secrets: string[] = [];
  try {
    const args = parseTranslateArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    const config: CommandConfig = args.commandConfig ? await readCommandConfig(args.commandConfig) : await commandConfigOf({}, '(none)');
    secrets = [config.security?.scram?.password, config.security?.identity?.password].filter((s): s is string => !!s);
    if (config.ignored.length) console.error(`mirrordrill translate: --command-config keys not used by this tool: ${config.ignored.join(', ')}`);
    const result = await translate(args, config);
    console.log(args.json ? toJson(result) : formatTable(result));
    return 0;
  } catch (error) {
    if (error instanceof TranslateUsage || error instanceof TranslateFailed) {
      console.error(redactText(`mirrordrill translate: ${error.message}`, secrets));
      return error instanceof TranslateUsage ? 2 : 1;
    }
    console.error(redactText(`mirrordrill translate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, secrets));
    return 1;
  }
}

process.exit(await main(process.argv.slice(2)));
