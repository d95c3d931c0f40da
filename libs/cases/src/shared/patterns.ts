/** ISO 8601 with a time zone (the API refuses local times, which are ambiguous). */
export const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Codes are lowercase kebab-case (`forced-labour`, `documents-withheld`). */
export const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
