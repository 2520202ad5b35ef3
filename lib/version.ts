import pkg from '@/package.json';
export const BATON_VERSION: string = pkg.version;
