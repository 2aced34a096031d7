/**
 * Whether a request is a GraphQL multipart request (`multipart/form-data` POST): the only kind whose
 * variables can hold files. A JSON body or a query string cannot express one.
 */
export function isMultipartRequest(request: Request): boolean {
  return (
    request.method === 'POST' &&
    (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === 'multipart/form-data'
  );
}
