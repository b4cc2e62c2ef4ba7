import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderProperties, type Properties } from '../config/properties.ts';
import { javaClientProperties, SCRAM_MECHANISM, type ClientSecurity } from '../security/cluster-security.ts';

/**
 * The connection an app under test is given, in each client's dialect, as files in a private
 * folder (0700, files 0600) that no report or log shows: secrets travel there, never in the
 * app's command line or environment.
 *  - Java (`MIRRORDRILL_CLIENT_PROPERTIES`): a consumer/producer `--consumer.config` file, PEM
 *    stores (Kafka 2.7+) and `sasl.jaas.config`.
 *  - librdkafka (`MIRRORDRILL_LIBRDKAFKA_PROPERTIES`: confluent-kafka in Python, Go, .NET, kcat
 *    -F): PEM files by path, `sasl.mechanisms`, `sasl.username` / `sasl.password`.
 */
export interface ClientFiles {
  java: string;
  librdkafka: string;
}

export function javaProperties(bootstrap: string[], security: ClientSecurity | undefined): Properties {
  return { 'bootstrap.servers': bootstrap.join(','), ...(security ? javaClientProperties(security) : {}) };
}

/** librdkafka's settings; `pem` names the files the CA, certificate and key are written to. */
export function librdkafkaProperties(bootstrap: string[], security: ClientSecurity | undefined, pem: { ca: string; cert: string; key: string }): Properties {
  const props: Properties = { 'bootstrap.servers': bootstrap.join(',') };
  if (!security) return props;
  props['security.protocol'] = security.protocol.toLowerCase();
  if (security.caPem) props['ssl.ca.location'] = pem.ca;
  if (security.scram) {
    props['sasl.mechanisms'] = security.scram.mechanism ?? SCRAM_MECHANISM;
    props['sasl.username'] = security.scram.username;
    props['sasl.password'] = security.scram.password;
  }
  if (security.identity) {
    props['ssl.certificate.location'] = pem.cert;
    props['ssl.key.location'] = pem.key;
    props['ssl.key.password'] = security.identity.password;
  }
  return props;
}

/** Writes both dialects (and the PEM files librdkafka reads) into `dir`, which must be private. */
export async function writeClientFiles(dir: string, bootstrap: string[], security: ClientSecurity | undefined): Promise<ClientFiles> {
  const pem = { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.crt'), key: join(dir, 'client.key') };
  const files = { java: join(dir, 'client.properties'), librdkafka: join(dir, 'librdkafka.properties') };
  const write = (path: string, text: string) => writeFile(path, text, { mode: 0o600 });
  await Promise.all([
    write(files.java, renderProperties(javaProperties(bootstrap, security), 'the Java client settings of an app under test (mirrordrill)')),
    write(files.librdkafka, renderProperties(librdkafkaProperties(bootstrap, security, pem), 'the librdkafka settings of an app under test (mirrordrill)')),
    ...(security?.caPem ? [write(pem.ca, security.caPem)] : []),
    ...(security?.identity ? [write(pem.cert, security.identity.certPem), write(pem.key, security.identity.keyPem)] : []),
  ]);
  return files;
}
