import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderProperties } from '../config/properties.ts';
import { BadStepParameter } from '../errors.ts';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { Properties } from '../config/properties.ts';
import { makePrivateDir, removeScratchDir } from '../os/scratch-dir.ts';
import { CertificateAuthority, randomPassword, type Identity } from './certificates.ts';
import { rememberSecret } from './secret-values.ts';

/** The security protocols of the listeners apps and MirrorMaker 2 use. */
export type SecuredProtocol = 'SASL_SSL' | 'SSL';

/**
 * How a cluster is secured, in the words of the step: which protocol the apps (and the
 * harness) use, and which MirrorMaker 2 uses. SASL_SSL always means SCRAM-SHA-512 over TLS;
 * SSL means mutual TLS (`ssl.client.auth=required`). The lab's clusters are the third: apps
 * with SCRAM-SHA-512 users over TLS, MM2 with a TLS client certificate, on separate listeners.
 */
export const SECURITY_MODES = {
  'SCRAM-SHA-512': { apps: 'SASL_SSL', mirror: 'SASL_SSL' },
  'mutual TLS': { apps: 'SSL', mirror: 'SSL' },
  'SCRAM-SHA-512 and mutual TLS': { apps: 'SASL_SSL', mirror: 'SSL' },
} as const satisfies Record<string, { apps: SecuredProtocol; mirror: SecuredProtocol }>;
export type SecurityMode = keyof typeof SECURITY_MODES;

/** The mode a step names, or an error naming what exists (e.g. "SCRAM-SHA-256": only SCRAM-SHA-512 is made). */
export function securityMode(words: string): SecurityMode {
  const mode = Object.keys(SECURITY_MODES).find((m) => m === words.trim());
  if (mode) return mode as SecurityMode;
  throw new BadStepParameter(`a cluster cannot be secured with "${words.trim()}"`, {
    hint: `write one of: ${Object.keys(SECURITY_MODES).map((m) => `"secured with ${m}"`).join(', ')} (SCRAM-SHA-512 over TLS for the apps, mutual TLS for MM2: the lab's setup is the last)`,
  });
}

export const SCRAM_MECHANISM = 'SCRAM-SHA-512';
/** The SASL mechanisms the harness's clients speak for a user's cluster (the drills' own clusters use SCRAM-SHA-512 only). */
export const SASL_MECHANISMS = ['SCRAM-SHA-512', 'SCRAM-SHA-256', 'PLAIN'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];
/** The SCRAM users (and certificate names) of a secured cluster. Without an authorizer, any authenticated principal may do anything. */
export const APP_USER = 'app';
export const MIRROR_USER = 'mm2';

/** What one client (the harness, an app, MM2) needs to reach a secured listener. */
export interface ClientSecurity {
  protocol: SecuredProtocol;
  /** PEM of the CA the client trusts, and the file it is in (for Java clients); empty: the system's CAs (a user's --command-config with no truststore). */
  caPem: string;
  caFile: string;
  /** Which CA that is, for error messages ("es-src's CA", "a CA no cluster uses"). */
  caName: string;
  /** SCRAM-SHA-512 unless `mechanism` says otherwise (a user's --command-config may name SCRAM-SHA-256 or PLAIN). */
  scram?: { username: string; password: string; mechanism?: SaslMechanism };
  /** The client certificate, for mutual TLS. */
  identity?: Identity;
}

/** @platformatic/kafka's connection options for a secured listener (tls, sasl), or none. */
export function platformaticSecurity(security: ClientSecurity | undefined): { tls?: TlsOptions; sasl?: { mechanism: SaslMechanism; username: string; password: string } } {
  if (!security) return {};
  return {
    tls: tlsOptions(security),
    ...(security.scram ? { sasl: { mechanism: security.scram.mechanism ?? SCRAM_MECHANISM, username: security.scram.username, password: security.scram.password } } : {}),
  };
}

/** kafkajs' options for a secured listener (ssl, sasl), or none. */
export function kafkajsSecurity(security: ClientSecurity | undefined): { ssl?: TlsOptions; sasl?: { mechanism: 'scram-sha-512'; username: string; password: string } } {
  if (!security) return {};
  return {
    ssl: tlsOptions(security),
    ...(security.scram ? { sasl: { mechanism: 'scram-sha-512', username: security.scram.username, password: security.scram.password } } : {}),
  };
}

function tlsOptions(security: ClientSecurity): TlsOptions {
  const id = security.identity;
  return { ...(security.caPem ? { ca: [security.caPem] } : {}), ...(id ? { cert: id.certPem, key: id.keyPem, passphrase: id.password } : {}) };
}

/** A Java client's properties for a secured listener (PEM stores, Kafka 2.7+): for MM2's per-alias settings and Kafka's own CLI tools. */
export function javaClientProperties(security: ClientSecurity): Properties {
  const props: Properties = {
    'security.protocol': security.protocol,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': security.caFile,
  };
  if (security.scram) {
    props['sasl.mechanism'] = SCRAM_MECHANISM;
    props['sasl.jaas.config'] = scramJaas(security.scram.username, security.scram.password);
  }
  if (security.identity) {
    props['ssl.keystore.type'] = 'PEM';
    props['ssl.keystore.location'] = security.identity.keystoreFile;
    props['ssl.key.password'] = security.identity.password;
  }
  return props;
}

/** librdkafka (kcat -F) properties for the same client; its key must be PEM, PKCS#8 encrypted with ssl.key.password. */
function kcatConfig(security: ClientSecurity, dir: string): string {
  const lines = [`security.protocol=${security.protocol.toLowerCase()}`, `ssl.ca.location=${security.caFile}`];
  if (security.scram) lines.push(`sasl.mechanisms=${SCRAM_MECHANISM}`, `sasl.username=${security.scram.username}`, `sasl.password=${security.scram.password}`);
  if (security.identity) {
    const base = join(dir, security.identity.name);
    lines.push(`ssl.certificate.location=${base}.crt`, `ssl.key.location=${base}.key`, `ssl.key.password=${security.identity.password}`);
  }
  return `${lines.join('\n')}\n`;
}

export function scramJaas(username: string, password: string): string {
  return `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`;
}

/** The listeners a secured broker adds to its PLAINTEXT (inter-broker) and CONTROLLER ones. */
export interface SecuredListeners {
  /** The apps' and the harness's listener, named CLIENT. */
  apps: SecuredProtocol;
  /** MM2's listener, named MIRROR; absent when MM2 shares CLIENT (same protocol, no proxy). */
  mirror?: SecuredProtocol;
  /** The apps' proxied listener, named APPS, secured as CLIENT, when the cluster is behind Toxiproxy. */
  proxiedApps?: boolean;
}

/**
 * The credentials of one secured cluster, made when it starts and removed when it is disposed:
 * a CA of its own (as each of the lab's clusters has), one broker certificate for every node
 * (SAN IP 127.0.0.1), SCRAM users for the apps and MM2, or client certificates for them. All
 * of it sits in a private folder (0700, files 0600) outside reports/.
 */
export class ClusterCredentials {
  private constructor(
    readonly alias: string,
    readonly mode: SecurityMode,
    readonly dir: string,
    readonly ca: CertificateAuthority,
    readonly broker: Identity,
    readonly apps: ClientSecurity,
    readonly mirror: ClientSecurity,
  ) {}

  static async create(alias: string, mode: SecurityMode): Promise<ClusterCredentials> {
    const dir = await makePrivateDir(`tls-${alias}`);
    try {
      const ca = await CertificateAuthority.create(dir, alias);
      const broker = await ca.issue(`${alias}-broker`);
      const protocols = SECURITY_MODES[mode];
      const client = async (protocol: SecuredProtocol, user: string): Promise<ClientSecurity> => {
        const base = { protocol, caPem: ca.certPem, caFile: ca.certFile, caName: `${alias}'s CA` };
        if (protocol === 'SASL_SSL') return { ...base, scram: { username: user, password: rememberSecret(randomPassword()) } };
        const identity = await ca.issue(`${alias}-${user}`);
        rememberSecret(identity.password);
        return { ...base, identity };
      };
      rememberSecret(broker.password);
      const apps = await client(protocols.apps, APP_USER);
      const mirror = await client(protocols.mirror, MIRROR_USER);
      // For your own tools while a drill is held (MIRRORDRILL_INSPECT_BEFORE): the apps'
      // credentials as a Kafka CLI --command-config and as a kcat -F file, in the private folder.
      await writeFile(join(dir, 'app.client.properties'), renderProperties(javaClientProperties(apps), `${alias}: the apps' client settings (kafka-*.sh --command-config)`), { mode: 0o600 });
      await writeFile(join(dir, 'app.kcat.conf'), kcatConfig(apps, dir), { mode: 0o600 });
      return new ClusterCredentials(alias, mode, dir, ca, broker, apps, mirror);
    } catch (error) {
      await removeScratchDir(dir);
      throw error;
    }
  }

  /** Where the apps' client settings for Kafka's CLI tools and kcat are (inside the private folder, removed with it). */
  toolConfigs(): { cli: string; kcat: string } {
    return { cli: join(this.dir, 'app.client.properties'), kcat: join(this.dir, 'app.kcat.conf') };
  }

  /** StorageTool's arguments that create the SCRAM users in the cluster's metadata at format time (KIP-900, Kafka 3.5+). */
  scramFormatArgs(): string[] {
    return [this.apps, this.mirror].flatMap((c) => (c.scram ? ['--add-scram', `${SCRAM_MECHANISM}=[name=${c.scram.username},password=${c.scram.password}]`] : []));
  }

  /** Values that must never be written where a report can show them. */
  secrets(): string[] {
    return [this.broker.password, ...[this.apps, this.mirror].flatMap((c) => [c.scram?.password, c.identity?.password].filter((s): s is string => !!s))];
  }

  /**
   * server.properties entries for the secured listeners: TLS on both (PEM stores), SCRAM-SHA-512
   * on a SASL_SSL one, client certificates required on an SSL one.
   */
  brokerProperties(listeners: SecuredListeners): Properties {
    const props: Properties = {
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': this.broker.keystoreFile,
      'ssl.key.password': this.broker.password,
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': this.ca.certFile,
    };
    const named = [['client', listeners.apps], ...(listeners.mirror ? [['mirror', listeners.mirror]] : []), ...(listeners.proxiedApps ? [['apps', listeners.apps]] : [])] as const;
    if (named.some(([, p]) => p === 'SASL_SSL')) props['sasl.enabled.mechanisms'] = SCRAM_MECHANISM;
    for (const [name, protocol] of named) {
      if (protocol === 'SSL') props[`listener.name.${name}.ssl.client.auth`] = 'required';
      else props[`listener.name.${name}.scram-sha-512.sasl.jaas.config`] = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
    }
    return props;
  }

  async dispose(): Promise<void> {
    await removeScratchDir(this.dir);
  }
}

/** A folder for a CA no cluster uses (the wrong-CA control); removed with `rm` by the caller's teardown. */
export async function foreignCa(): Promise<{ ca: CertificateAuthority; dispose: () => Promise<void> }> {
  const dir = await makePrivateDir('tls-foreign');
  const ca = await CertificateAuthority.create(dir, 'foreign');
  return { ca, dispose: () => rm(dir, { recursive: true, force: true }).then(() => removeScratchDir(dir)) };
}

