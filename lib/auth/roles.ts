/** Isomorphic role list: the schema, forms and guards all read this (defined beside the users table). */
export { ROLES, type Role } from '@/db/schema/roles';
