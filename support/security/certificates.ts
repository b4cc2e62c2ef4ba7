import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PrerequisiteMissing } from '../errors.ts';

const run = promisify(execFile);

/**
 * A password made for one run: 24 random bytes, URL-safe base64 (no quote or backslash a JAAS
 * line would need escaped). With MIRRORDRILL_SECRET_CANARY set (letters and digits), every
 * password starts with it, so that a grep for the canary over reports/ and Cucumber's output
 * finds any password that leaked (npm run check:secrets); the random part stays secret.
 */
export function randomPassword(): string {
  const canary = process.env.MIRRORDRILL_SECRET_CANARY ?? '';
  return `${/^[A-Za-z0-9]{0,32}$/.test(canary) ? canary : ''}${randomBytes(24).toString('base64url')}`;
}

/** A certificate and its private key, as PEM, and the keystore Kafka's Java side reads. */
export interface Identity {
  name: string;
  /** The leaf certificate, then the CA's. */
  certPem: string;
  /** PKCS#8, encrypted with `password` (PBES2, AES-256-CBC): for Node's TLS. */
  keyPem: string;
  password: string;
  /**
   * A PEM keystore (ssl.keystore.type=PEM) for Kafka's Java side: the key, encrypted with the
   * same password, and the certificate chain, mode 0600. The key is PBES1 (PBE-SHA1-3DES) there:
   * Kafka's PEM loader asks the JDK for a SecretKeyFactory named after the key's algorithm, and
   * JDK 17 has none called "PBES2" ("PBES2 SecretKeyFactory not available").
   */
  keystoreFile: string;
}

async function openssl(args: string[], env: Record<string, string> = {}): Promise<void> {
  try {
    // Passwords travel in the environment (-passout env:…), never in argv.
    await run('openssl', args, { env: { ...process.env, ...env } });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') {
      throw new PrerequisiteMissing('openssl is not on the PATH; secured clusters make their certificates with it', { hint: 'apt-get install -y openssl' });
    }
    throw new Error(`openssl ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * A throwaway certificate authority in a private folder (the caller's; mode 0700). EC P-256
 * keys: openssl makes a CA and a leaf in about 50 ms, where keytool takes a JVM start each.
 * Certificates are valid for two days.
 */
export class CertificateAuthority {
  private constructor(
    readonly dir: string,
    readonly name: string,
    /** The CA certificate (what clients trust). */
    readonly certPem: string,
    readonly certFile: string,
    private readonly keyFile: string,
  ) {}

  static async create(dir: string, name: string): Promise<CertificateAuthority> {
    const certFile = join(dir, `${name}-ca.pem`);
    const keyFile = join(dir, `${name}-ca.key`);
    await openssl(['req', '-x509', '-new', ...EC, '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${name} throwaway CA (mirrordrill)`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    return new CertificateAuthority(dir, name, await readFile(certFile, 'utf8'), certFile, keyFile);
  }

  /**
   * A certificate for `name`, good for both ends of TLS (serverAuth and clientAuth) at
   * 127.0.0.1 and localhost (so hostname verification, on by default in Java clients, passes).
   */
  async issue(name: string): Promise<Identity> {
    const base = join(this.dir, name);
    const password = randomPassword();
    const ext = `${base}.ext`;
    await writeFile(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n', { mode: 0o600 });
    await openssl(['req', '-new', ...EC, '-keyout', `${base}.plain.key`, '-out', `${base}.csr`, '-subj', `/CN=${name}`]);
    await openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', this.certFile, '-CAkey', this.keyFile, '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '2', '-out', `${base}.crt`, '-extfile', ext]);
    const encrypt = (out: string, how: string[]) =>
      openssl(['pkcs8', '-topk8', '-in', `${base}.plain.key`, '-out', out, ...how, '-passout', 'env:MIRRORDRILL_KEY_PASSWORD'], { MIRRORDRILL_KEY_PASSWORD: password });
    await Promise.all([encrypt(`${base}.key`, ['-v2', 'aes-256-cbc']), encrypt(`${base}.java.key`, ['-v1', 'PBE-SHA1-3DES'])]);
    await rm(`${base}.plain.key`); // the unencrypted key is not kept, even in the private folder
    const certPem = (await readFile(`${base}.crt`, 'utf8')) + this.certPem;
    const keyPem = await readFile(`${base}.key`, 'utf8');
    const keystoreFile = `${base}.keystore.pem`;
    await writeFile(keystoreFile, (await readFile(`${base}.java.key`, 'utf8')) + certPem, { mode: 0o600 });
    return { name, certPem, keyPem, password, keystoreFile };
  }
}
