import type { LogWatch } from '../os/log-watch.ts';

/**
 * How Kafka's Java clients word a credential or certificate that a broker refused (or a broker
 * certificate they refused), as MM2's log shows them:
 *   WARN [AdminClient clientId=…] Connection to node -1 (/127.0.0.1:40215) failed authentication due to: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (org.apache.kafka.clients.NetworkClient)
 *   … SaslAuthenticationException / SslAuthenticationException: SSL handshake failed … PKIX path building failed / Received fatal alert: bad_certificate / certificate_unknown
 * A broker killed mid-handshake ("Remote host terminated the handshake", EOF) is no
 * authentication failure and is not matched: only causes that name credentials or trust.
 */
const AUTH_FAILURE =
  /invalid credentials|SaslAuthenticationException|Authentication failed|PKIX path|unable to find valid certification path|bad_certificate|certificate_unknown|unknown_ca|Empty client certificate chain|No subject alternative|certificate_required/;
/** The broker address a client log line names: "(/127.0.0.1:40215)" or "127.0.0.1:40215". */
const ADDRESS = /\/?(\d{1,3}(?:\.\d{1,3}){3}|localhost):(\d{2,5})/;

export interface AuthFailure {
  line: string;
  /** host:port of the broker, when the line names one. */
  address?: string;
}

export function authFailure(line: string): AuthFailure | undefined {
  if (!AUTH_FAILURE.test(line) || /^\s+at /.test(line)) return undefined;
  const m = ADDRESS.exec(line);
  return { line, ...(m ? { address: `${m[1]}:${m[2]}` } : {}) };
}

/**
 * Watches MM2's log for the first line saying a client of it failed authentication. MM2 keeps
 * running then and retries for ever, mirroring nothing: a wait on it would only time out.
 * A line naming a broker wins. One without an address (the exception MM2 logs a moment before
 * the client's own line that names the broker) is reported alone only when no line naming a
 * broker follows within `graceMs`: the step must say which cluster refused MM2.
 */
export class AuthFailureWatch {
  #found: AuthFailure | undefined;
  #firstAt: number | undefined;
  constructor(
    private readonly log: Pick<LogWatch, 'newLines'>,
    private readonly graceMs = 5_000,
  ) {}

  check(now = Date.now()): AuthFailure | undefined {
    if (this.#found?.address) return this.#found;
    for (const line of this.log.newLines()) {
      const f = authFailure(line);
      if (!f) continue;
      if (f.address) return (this.#found = f);
      this.#found ??= f;
      this.#firstAt ??= now;
    }
    return this.#found && this.#firstAt !== undefined && now - this.#firstAt >= this.graceMs ? this.#found : undefined;
  }
}
