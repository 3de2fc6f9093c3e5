/**
 * The error a method handler throws to answer with a Bitrix24 error envelope (reference §1 and §5).
 * @module
 */

export class SandboxApiError extends Error {
  readonly status: number;
  /** The `error` code; '' for the legacy methods that send an empty code (reference §1). */
  readonly code: string;

  constructor(status: number, code: string, description: string) {
    super(description);
    this.name = 'SandboxApiError';
    this.status = status;
    this.code = code;
  }

  toEnvelope(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.message };
  }
}

export function isSandboxApiError(value: unknown): value is SandboxApiError {
  return value instanceof SandboxApiError;
}

/** 400 with a code: crm.item NOT_FOUND / ACCESS_DENIED, validation errors. */
export function badRequest(code: string, description: string): SandboxApiError {
  return new SandboxApiError(400, code, description);
}

/** The legacy style: HTTP 400, empty `error`, the real information in `error_description`. */
export function legacyError(description: string): SandboxApiError {
  return new SandboxApiError(400, '', description);
}
