/** Any /api path no route serves: a JSON 404 for API callers, not the HTML page. */
export const access = { public: 'answers 404 for unknown API paths' } as const;

const notFound = (req: Request) => Response.json({ error: `No API endpoint at ${new URL(req.url).pathname.slice(0, 200)}. The API is described at /api/v1/openapi.json.` }, { status: 404 });

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
