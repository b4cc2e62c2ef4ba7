/**
 * mirrordrill's errors: a class per kind, context fields, and a hint that says what to do.
 * The message is written for the person running the drill, not for the harness' authors.
 */
export interface ErrorContext {
  /** What to do about it, in one sentence. */
  hint?: string;
  /** A log or report file worth opening. */
  log?: string;
  [field: string]: unknown;
}

let step: string | undefined;
/** The Gherkin step being run; every DrillError names it, so bad input points at its line. */
export function setCurrentStep(text: string | undefined): void {
  step = text;
}

export function currentStep(): string | undefined {
  return step;
}

export class DrillError extends Error {
  readonly context: ErrorContext;
  constructor(message: string, context: ErrorContext = {}) {
    const lines = [message];
    if (step && !message.includes('in step:')) lines.push(`  in step: ${step}`);
    if (context.hint) lines.push(`  what to do: ${context.hint}`);
    if (context.log) lines.push(`  see: ${context.log}`);
    super(lines.join('\n'));
    this.name = new.target.name;
    this.context = context;
  }
}

/** A tool the local runtime needs (java, mvn) is missing or unusable. */
export class PrerequisiteMissing extends DrillError {}
/** An environment variable or setting has a value mirrordrill cannot use. */
export class ConfigError extends DrillError {}
/** A step was given a parameter it cannot use (unknown alias, negative count...). */
export class BadStepParameter extends DrillError {}
/** A bounded wait ran out. */
export class WaitTimeout extends DrillError {}
/** A process the drill needs exited when it should not have. */
export class ProcessExited extends DrillError {}
/** MM2 runs but refused (part of) its configuration, so the flow will not mirror what it should. */
export class MirrorConfigRefused extends DrillError {}
/** Fetching the Kafka jars failed. */
export class DistributionError extends DrillError {}
/** A verdict step found the checker's verdict other than the scenario states. */
export class VerdictMismatch extends DrillError {}
/** MM2 runs but copies nothing more of a partition (its source consumer's position is out of range, with no reset policy). */
export class MirrorStalled extends DrillError {}
/** MirrorMaker 2 could not authenticate to a cluster (wrong SCRAM password, untrusted or missing certificate). */
export class MirrorAuthFailed extends DrillError {}
/** An app's or the harness's client could not get through a secured cluster's TLS or SASL. */
export class ClientSecurityRefused extends DrillError {}
