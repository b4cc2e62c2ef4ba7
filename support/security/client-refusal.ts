import { ClientSecurityRefused } from '../errors.ts';
import type { ClientSecurity } from './cluster-security.ts';
import { redactKnown } from './secret-values.ts';

/** Node's codes for a server certificate the client does not trust (tls.connect's verification). */
const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const TLS_TEXT = /certificate|self[- ]signed|SSL routines|handshake|tls alert/i;
const SASL_TEXT = /SASL|SCRAM|authenticat/i;

/** Every error an error wraps: `cause`, and the `errors` of an AggregateError or a library's MultipleErrors. */
function* chain(error: unknown, depth = 0): Generator<Error & { code?: string }> {
  if (!(error instanceof Error) || depth > 6) return;
  yield error as Error & { code?: string };
  yield* chain((error as { cause?: unknown }).cause, depth + 1);
  for (const e of (error as { errors?: unknown[] }).errors ?? []) yield* chain(e, depth + 1);
}

/**
 * A client error that is a secured cluster refusing it (or it refusing the cluster's
 * certificate), as a ClientSecurityRefused naming the cluster, what failed and what the
 * client trusted; undefined for any other error. Both clients bury the TLS error inside their
 * retry errors ("Connection to … failed", "KafkaJSNumberOfRetriesExceeded"): this digs it out.
 */
export function securityRefusal(error: unknown, alias: string, who: string, security: ClientSecurity | undefined): ClientSecurityRefused | undefined {
  if (!security) return undefined;
  const errors = [...chain(error)];
  const tls = errors.find((e) => (e.code && TLS_CODES.has(e.code)) || TLS_TEXT.test(e.message));
  if (tls) {
    return new ClientSecurityRefused(
      `TLS with ${alias} failed for ${who}: ${redactKnown(tls.message)}${tls.code ? ` (${tls.code})` : ''}; it trusted ${security.caName}`,
      { cluster: alias, hint: security.caName === `${alias}'s CA` ? `check ${alias}'s broker certificate and its CLIENT listener` : `the client must trust ${alias}'s CA, not ${security.caName}` },
    );
  }
  const sasl = errors.find((e) => SASL_TEXT.test(e.message));
  if (sasl) {
    return new ClientSecurityRefused(`SASL authentication to ${alias} failed for ${who}: ${redactKnown(sasl.message)}`, {
      cluster: alias,
      hint: `the client authenticates as "${security.scram?.username ?? '?'}" with SCRAM-SHA-512; check the user exists on ${alias}`,
    });
  }
  return undefined;
}
