/**
 * `POST /graphql`: body → auth → rate limit → faults → parse/validate → execute → styled answer.
 *
 * Order matters: the body is read first so a 401 can name the first root field (documented shape);
 * status faults (429/5xx/HTML) reject before execution, while response-corrupting faults (reset,
 * malformed JSON, empty body) run the operation first — a mutation is applied although the client
 * never sees a usable answer, which is exactly what retry logic must survive.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type DocumentNode,
  execute,
  type FieldNode,
  GraphQLError,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import type { SimContext } from './context.ts';
import { authenticate, parseBasicAuth } from './credentials.ts';
import {
  type ErrorJson,
  formatDomainError,
  formatExecutionError,
  formatRequestError,
} from './error-format.ts';
import { fieldNamePath } from './error-paths.ts';
import type { ResponseFaultKind } from './fault-config.ts';
import { abortableDelay, readBody, sendError, sendJson, sendTooLarge } from './http-io.ts';
import { type JwtCaller, verifyJwt } from './jwt.ts';
import { parseMultipartRequest } from './multipart.ts';
import type { SimRuntime } from './runtime.ts';
import { mapRequestErrors } from './validation-mapping.ts';

interface GraphQLPayload {
  query: string;
  variables: Record<string, unknown> | undefined;
  operationName: string | undefined;
}

type Outcome = { status: number; body: unknown };

function validatePayload(value: unknown): GraphQLPayload | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'The request body must be a JSON object {"query", "variables", "operationName"} (batching is not supported)';
  }
  const { query, variables, operationName } = value as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') return 'Must provide query string.';
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    return 'variables must be a JSON object';
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return 'operationName must be a string';
  }
  return {
    query,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: operationName ?? undefined,
  };
}

function selectedOperation(
  doc: DocumentNode,
  operationName: string | undefined,
): OperationDefinitionNode | undefined {
  return getOperationAST(doc, operationName) ?? undefined;
}

function rootFieldNodes(operation: OperationDefinitionNode | undefined): FieldNode[] {
  if (!operation) return [];
  return operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
}

function requestErrorBody(errors: readonly GraphQLError[]): Outcome {
  return { status: 400, body: { data: null, errors: errors.map(formatRequestError) } };
}

/** Error body shared by 401/429/5xx answers: documented shape with the first root field as path. */
function gatewayErrorBody(message: string, firstKey: string | undefined): unknown {
  const error: ErrorJson = firstKey
    ? { message, path: [firstKey], extensions: {} }
    : { message, extensions: {} };
  return { data: null, errors: [error] };
}

/** Handles one POST /graphql. */
export async function handleGraphql(
  req: IncomingMessage,
  res: ServerResponse,
  rt: SimRuntime,
): Promise<void> {
  const { stats, options } = rt;
  stats.data.graphqlRequests++;
  stats.recordTraceHeaders(traceHeadersOf(req));
  const leaveFlight = stats.enterFlight();
  const aborted = new AbortController();
  let deliberateClose = false;
  res.on('close', () => {
    leaveFlight();
    if (!res.writableFinished && !deliberateClose) {
      stats.data.clientAborts++;
      aborted.abort();
    }
  });

  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  const isJson = /^application\/(graphql-response\+)?json\b/.test(contentType);
  const isMultipart = contentType.startsWith('multipart/form-data');
  if (!isJson && !isMultipart) {
    sendError(res, 415, 'Content-Type must be application/json or multipart/form-data');
    return;
  }
  const limit = isMultipart ? options.maxMultipartBodyBytes : options.maxJsonBodyBytes;
  const read = await readBody(req, limit);
  if (!read.ok) {
    if (read.reason === 'too-large') sendTooLarge(res, limit);
    return;
  }

  let rawPayload: unknown;
  if (isMultipart) {
    const parsed = await parseMultipartRequest(read.body, String(req.headers['content-type']));
    if (!parsed.ok) {
      sendError(res, 400, parsed.error);
      return;
    }
    rawPayload = parsed.operations;
  } else {
    try {
      rawPayload = JSON.parse(read.body.toString('utf8'));
    } catch {
      sendError(res, 400, 'Malformed JSON body');
      return;
    }
  }
  const payload = validatePayload(rawPayload);
  if (typeof payload === 'string') {
    sendError(res, 400, payload);
    return;
  }

  let document: DocumentNode | undefined;
  let syntaxError: GraphQLError | undefined;
  try {
    document = parse(payload.query);
  } catch (error) {
    syntaxError = error instanceof GraphQLError ? error : new GraphQLError('Syntax Error');
  }
  const operation = document ? selectedOperation(document, payload.operationName) : undefined;
  const rootNodes = rootFieldNodes(operation);
  const rootNames = [...new Set(rootNodes.map((f) => f.name.value))];
  const firstKey = rootNodes[0] ? (rootNodes[0].alias?.value ?? rootNodes[0].name.value) : undefined;
  // Only names the schema knows are counted, so arbitrary field names cannot grow the map.
  const known = { ...rt.schema.getQueryType()?.getFields(), ...rt.schema.getMutationType()?.getFields() };
  for (const name of rootNames)
    if (Object.hasOwn(known, name) || name.startsWith('__')) stats.countOperation(name);

  // Authentication.
  const authorization = req.headers.authorization;
  let caller: JwtCaller | undefined;
  let authMethod: SimContext['authMethod'] = 'bearer';
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  if (bearer) {
    caller = await verifyJwt(options.jwtKey, bearer);
  } else {
    const basic = parseBasicAuth(authorization);
    const user = basic ? authenticate(options.users, basic) : undefined;
    if (user) {
      caller = { accountId: user.accountIds[0], userId: user.userId, username: user.username };
      authMethod = 'basic';
    }
  }
  if (!caller) {
    stats.data.unauthorized++;
    sendJson(res, 401, gatewayErrorBody('Downstream Execution Error: Unauthorized', firstKey));
    return;
  }

  const leaveAccount = stats.enterAccount(caller.accountId ?? '(no account)');
  res.on('close', leaveAccount);
  // Rate limiting (per account).
  const admission = rt.limiter.admit(caller.accountId ?? '(no account)');
  if (!admission.ok) {
    stats.data.rateLimited++;
    const throttled = options.throttleStatus;
    sendJson(
      res,
      throttled,
      gatewayErrorBody(throttled === 429 ? 'Too Many Requests' : 'Service Unavailable', firstKey),
      options.retryAfter ? { 'retry-after': admission.retryAfterSeconds } : {},
    );
    return;
  }
  try {
    // Fault injection.
    let fault: ResponseFaultKind | undefined;
    if (rt.faults.applies(rootNames)) {
      const delay = rt.faults.latency();
      if (delay > 0) {
        stats.countFault('latency');
        const completed = await abortableDelay(delay, aborted.signal);
        // Client gone during the delay: nothing is executed (counted in clientAborts by the close handler).
        if (!completed) return;
      }
      fault = rt.faults.responseFault();
      if (fault) stats.countFault(fault);
      if (fault === 'http429') {
        stats.data.rateLimited++;
        sendJson(
          res,
          429,
          gatewayErrorBody('Too Many Requests', firstKey),
          options.retryAfter ? { 'retry-after': 1 } : {},
        );
        return;
      }
      if (fault === 'http500' || fault === 'http502' || fault === 'http503') {
        const [status, text] =
          fault === 'http500'
            ? [500, 'Server Error']
            : fault === 'http502'
              ? [502, 'Bad Gateway']
              : [503, 'Service Unavailable'];
        sendJson(res, status, gatewayErrorBody(`Downstream Execution Error: ${text}`, firstKey));
        return;
      }
      if (fault === 'htmlError') {
        const html =
          '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream server returned an invalid response.</p></body></html>';
        res.writeHead(502, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': Buffer.byteLength(html),
        });
        res.end(html);
        return;
      }
    }

    const outcome = runGraphql(rt, payload, document, syntaxError, caller, authMethod, req);
    if (aborted.signal.aborted) return;
    if (fault === 'reset') {
      const text = Buffer.from(JSON.stringify(outcome.body));
      deliberateClose = true;
      res.writeHead(outcome.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': text.length,
      });
      res.write(text.subarray(0, Math.max(1, Math.floor(text.length / 2))), () => res.socket?.destroy());
      return;
    }
    if (fault === 'malformedJson') {
      const text = JSON.stringify(outcome.body);
      const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(cut),
      });
      res.end(cut);
      return;
    }
    if (fault === 'emptyBody') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': 0 });
      res.end();
      return;
    }
    sendJson(res, outcome.status, outcome.body);
  } finally {
    admission.release();
  }
}

function runGraphql(
  rt: SimRuntime,
  payload: GraphQLPayload,
  document: DocumentNode | undefined,
  syntaxError: GraphQLError | undefined,
  caller: JwtCaller,
  authMethod: SimContext['authMethod'],
  req: IncomingMessage,
): Outcome {
  const { options } = rt;
  const styleSettings = { errorStyle: options.errorStyle, errorCodeNaming: options.errorCodeNaming };
  if (!document) return requestErrorBody([syntaxError ?? new GraphQLError('Syntax Error')]);
  const pathOf = (path: ReadonlyArray<string | number> | undefined) =>
    path && options.errorPaths === 'field-name' ? fieldNamePath(path, document, payload.operationName) : path;
  const domainAnswer = (errors: readonly GraphQLError[]): Outcome | undefined => {
    const mapped = mapRequestErrors(errors, document, payload.operationName);
    if (!mapped) return undefined;
    return {
      status: options.errorHttpStatus,
      body: {
        data: null,
        errors: mapped.map((m) => formatDomainError(m.code, m.message, pathOf(m.path), styleSettings)),
      },
    };
  };
  const validationErrors = validate(rt.schema, document);
  if (validationErrors.length > 0)
    return domainAnswer(validationErrors) ?? requestErrorBody(validationErrors);

  const guidHeader = req.headers.space_guid;
  const context: SimContext = {
    state: rt.state,
    options,
    caller,
    authMethod,
    spaceGuid: Array.isArray(guidHeader) ? guidHeader[0] : guidHeader,
    baseUrl: rt.baseUrl,
    faults: rt.faults,
    stats: rt.stats,
  };
  const result = execute({
    schema: rt.schema,
    document,
    rootValue: rt.rootValue,
    contextValue: context,
    variableValues: payload.variables ?? null,
    operationName: payload.operationName ?? null,
  });
  if (result instanceof Promise) throw new Error('resolvers must be synchronous');
  // No data at all = the request failed before execution (unknown operation, bad variables).
  if (!('data' in result) || result.data === undefined) {
    const errors = result.errors ?? [];
    return domainAnswer(errors) ?? requestErrorBody(errors);
  }
  if (!result.errors || result.errors.length === 0) return { status: 200, body: { data: result.data } };
  return {
    status: options.errorHttpStatus,
    body: {
      data: result.data,
      errors: result.errors.map((e) => formatExecutionError(e, styleSettings, pathOf(e.path))),
    },
  };
}

/** The trace propagation headers of a request (a repeated header is joined, as Node does for unknown ones). */
function traceHeadersOf(req: IncomingMessage): {
  traceparent?: string;
  tracestate?: string;
  requestId?: string;
} {
  const one = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const traceparent = one('traceparent');
  const tracestate = one('tracestate');
  const requestId = one('x-request-id');
  return {
    ...(traceparent === undefined ? {} : { traceparent }),
    ...(tracestate === undefined ? {} : { tracestate }),
    ...(requestId === undefined ? {} : { requestId }),
  };
}
