/** Isomorphic role list: the schema, forms and guards all read this. */
export const ROLES = ['admin', 'analyst', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];
