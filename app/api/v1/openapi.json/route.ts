import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';
/** The API description is public, as API docs usually are; it holds no data. */
export const access = { public: 'OpenAPI description of /api/v1' };

export function GET(req: Request) {
  return Response.json(openApiDocument(new URL(req.url).origin));
}
