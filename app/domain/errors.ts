import type { MessageKey, MessageParams } from "~/i18n/messages";

/**
 * Errors the domain throws on purpose. Each carries a dictionary key, never a sentence, so
 * that the HTTP adapter can say it in the user's language; `status` is the HTTP answer.
 */
export class DomainError extends Error {
  readonly status: number;
  readonly key: MessageKey;
  readonly params: MessageParams;
  readonly fieldErrors: Partial<Record<string, MessageKey>>;

  constructor(
    status: number,
    key: MessageKey,
    params: MessageParams = {},
    fieldErrors: Partial<Record<string, MessageKey>> = {},
  ) {
    super(key);
    this.name = new.target.name;
    this.status = status;
    this.key = key;
    this.params = params;
    this.fieldErrors = fieldErrors;
  }
}

export class NotFound extends DomainError {
  constructor(key: MessageKey = "error.notFound", params?: MessageParams) {
    super(404, key, params);
  }
}

export class Forbidden extends DomainError {
  constructor(key: MessageKey = "error.forbidden", params?: MessageParams) {
    super(403, key, params);
  }
}

export class Conflict extends DomainError {
  constructor(key: MessageKey, params?: MessageParams, fieldErrors?: Partial<Record<string, MessageKey>>) {
    super(409, key, params, fieldErrors);
  }
}

export class Invalid extends DomainError {
  constructor(key: MessageKey, params?: MessageParams, fieldErrors?: Partial<Record<string, MessageKey>>) {
    super(400, key, params, fieldErrors);
  }
}

export class InvalidTransition extends DomainError {
  constructor(key: MessageKey = "error.invalidTransition", params?: MessageParams) {
    super(409, key, params);
  }
}

export class RateLimited extends DomainError {
  constructor(params: MessageParams) {
    super(429, "auth.rateLimited", params);
  }
}

export class Unauthenticated extends DomainError {
  constructor(key: MessageKey = "auth.badCredentials") {
    super(401, key);
  }
}
