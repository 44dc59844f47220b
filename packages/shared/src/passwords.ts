/** The shortest password accepted when a person sets one (invitation, reset, change); the server checks it, the forms say it first. */
export const PASSWORD_MIN_LENGTH = 10;
/** The longest (scrypt takes any length; this bounds the request). */
export const PASSWORD_MAX_LENGTH = 1024;
