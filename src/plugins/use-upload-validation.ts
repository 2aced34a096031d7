import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { subgraphError } from '../errors/subgraph-error.ts';
import { type ImageDimensions, jpegDimensions, pngDimensions } from '../uploads/image-dimensions.ts';
import { isMultipartRequest } from '../uploads/multipart-request.ts';
import { svgActiveContent } from '../uploads/svg-active-content.ts';
import { isUploadedFile, type UploadedFile } from '../uploads/uploaded-file.ts';

export interface UploadValidationOptions {
  /** Largest logo accepted, in bytes (Boomi documents 256 KB). @default 262144 */
  maxBytes?: number;
  /** Largest PNG/JPEG accepted, in pixels (width × height, from the header). @default 16777216 */
  maxPixels?: number;
}

/** Limits a logo is checked against. */
export interface LogoLimits {
  maxBytes: number;
  maxPixels: number;
}

interface LogoKind {
  extensions: readonly string[];
  mimeTypes: readonly string[];
  matches(head: Uint8Array): boolean;
  /** What is unsafe in the whole content (active SVG content, a decompression bomb), if anything. */
  inspect(bytes: Uint8Array, limits: LogoLimits): string | undefined;
}

/** A raster image must declare its size, and not more pixels than allowed (decompression bombs). */
function rasterSize(dimensions: ImageDimensions | undefined, limits: LogoLimits): string | undefined {
  if (!dimensions || dimensions.width === 0 || dimensions.height === 0) return 'has no valid image header';
  const pixels = dimensions.width * dimensions.height;
  if (pixels <= limits.maxPixels) return undefined;
  return `is ${dimensions.width}×${dimensions.height} pixels, more than the ${limits.maxPixels} pixels allowed`;
}

const startsWith = (head: Uint8Array, bytes: readonly number[]) => bytes.every((b, i) => head[i] === b);

/** The formats Boomi accepts for a Space logo: svg, png, jpg (docs/contract.md §6). */
const LOGO_KINDS: readonly LogoKind[] = [
  {
    extensions: ['png'],
    mimeTypes: ['image/png'],
    matches: (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    inspect: (bytes, limits) => rasterSize(pngDimensions(bytes), limits),
  },
  {
    extensions: ['jpg', 'jpeg'],
    mimeTypes: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
    matches: (head) => startsWith(head, [0xff, 0xd8, 0xff]),
    inspect: (bytes, limits) => rasterSize(jpegDimensions(bytes), limits),
  },
  {
    extensions: ['svg'],
    mimeTypes: ['image/svg+xml'],
    matches: (head) => /<svg[\s>]/i.test(new TextDecoder().decode(head)),
    // Served back from logoUrl: active content would run in the browser of whoever opens it.
    inspect: (bytes) => svgActiveContent(new TextDecoder().decode(bytes)),
  },
];

/** Bytes read from the start of a file to recognize it (an svg may start with a long XML prolog). */
const SNIFF_BYTES = 1024;

/**
 * Checks every uploaded file (GraphQL multipart request) before anything is sent upstream:
 * it must be an svg, png or jpg — by name, declared type and content — of at most `maxBytes`.
 * A bad file fails the whole operation with SPACE_LOGO_UPLOAD_ERROR (category BAD_USER_INPUT)
 * and a message saying what was wrong; no upstream call is made.
 */
export function useUploadValidation(options: UploadValidationOptions = {}): Plugin {
  const limits: LogoLimits = {
    maxBytes: options.maxBytes ?? 262_144,
    maxPixels: options.maxPixels ?? 16_777_216,
  };
  return {
    // Synchronous unless the operation carries files: most operations carry none, and an async hook
    // would cost each of them a promise.
    onExecute({ args, setResultAndStopExecution }) {
      // Only a multipart request carries files: walking the variables of every other one (100
      // `_entities` representations) cost some 2 % of the CPU of a request.
      // (Yoga's Request may be the @whatwg-node ponyfill's, not an instance of Node's.)
      const request = (args.contextValue as { request?: Request } | undefined)?.request;
      if (typeof request?.headers?.get === 'function' && !isMultipartRequest(request)) return;
      const files = collectFiles(args.variableValues ?? {});
      if (files.length === 0) return;
      return checkAndNormalize(files, limits, setResultAndStopExecution);
    },
  };
}

/** Checks each file, and on success swaps ponyfill files for native Files the executor can send. */
async function checkAndNormalize(
  files: FoundFile[],
  limits: LogoLimits,
  setResultAndStopExecution: (result: ExecutionResult) => void,
): Promise<void> {
  for (const { path, file } of files) {
    const problem = await checkLogo(file, limits);
    if (problem) {
      setResultAndStopExecution({
        errors: [
          subgraphError('SPACE_LOGO_UPLOAD_ERROR', {
            category: 'BAD_USER_INPUT',
            message: `${problem} (variable ${path})`,
          }),
        ],
      });
      return;
    }
  }
  // Yoga's multipart parser yields @whatwg-node ponyfill Files, which are not instances of Node's
  // Blob: undici's FormData (the upstream request) refuses them and the executor would not see
  // them as files. Hand the executor native Files with the same bytes, name and type.
  for (const { file, replace } of files) {
    if (replace && !(file instanceof Blob)) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      replace(new File([bytes], file.name, { type: file.type }));
    }
  }
}

export interface FoundFile {
  path: string;
  file: UploadedFile;
  /** Puts another value where the file was (absent for a file given as the variables object itself). */
  replace: ((value: File) => void) | undefined;
}

/** Returns a description of what is wrong with the file, or undefined when it is an acceptable logo. */
export async function checkLogo(file: UploadedFile, limits: LogoLimits): Promise<string | undefined> {
  const { maxBytes } = limits;
  const name = file.name ?? '';
  const label = `"${name.slice(0, 100)}" (${file.type || 'no content type'}, ${file.size} bytes)`;
  if (file.size === 0) return `The logo file ${label} is empty.`;
  if (file.size > maxBytes) {
    return `The logo file ${label} is larger than the ${maxBytes} bytes allowed.`;
  }
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  const kind = LOGO_KINDS.find((k) => k.extensions.includes(extension));
  if (!kind) {
    if (extension !== '') return `The logo file ${label} must be an .svg, .png or .jpg file.`;
    // A nameless upload (Apollo's upload link sends a bare Blob as "blob") may well be a good image:
    // say that the name is what is missing, not that the format is wrong.
    const head = new Uint8Array(await file.arrayBuffer()).subarray(0, SNIFF_BYTES);
    const sniffed = LOGO_KINDS.find((k) => k.matches(head))?.extensions[0];
    return sniffed === undefined
      ? `The logo file ${label} has no file name extension: send an .svg, .png or .jpg file whose name ends in its extension.`
      : `The logo file ${label} has no file name extension: its content is a .${sniffed} image, so send it with a name ending in .${sniffed} (a bare Blob is sent as "blob").`;
  }
  const type = file.type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && type !== 'application/octet-stream' && !kind.mimeTypes.includes(type)) {
    return `The logo file ${label} declares a content type that does not match its .${extension} name.`;
  }
  // Whole file (its size is already known to be within the limit): the ponyfill File has no slice().
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (!kind.matches(bytes.subarray(0, SNIFF_BYTES))) {
    return `The content of the logo file ${label} is not a valid .${extension} image.`;
  }
  const unsafe = kind.inspect(bytes, limits);
  return unsafe === undefined ? undefined : `The logo file ${label} ${unsafe}.`;
}

/**
 * Every file in the client's variables, with a way to replace it. Iterative, not recursive: the
 * variables are client input, and a value nested 20,000 deep must not overflow the stack. Each
 * object is visited once (JSON cannot make cycles, but a multipart `map` can alias one file twice).
 */
export function collectFiles(root: unknown): FoundFile[] {
  const out: FoundFile[] = [];
  const seen = new Set<object>();
  // Only objects are walked (a file is an object); a path and a replacer are built only for a file
  // found, so large variables without files (100 entity representations) cost one visit per object.
  const stack: Slot[] = [{ value: root, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const slot = stack.pop() as Slot;
    const { value } = slot;
    if (isUploadedFile(value)) {
      out.push(foundFile(slot, value));
      continue;
    }
    if (typeof value !== 'object' || value === null || value instanceof Blob || seen.has(value)) continue;
    seen.add(value);
    const container = value as Record<string, unknown>;
    const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    // Pushed in reverse so that files are reported in document order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k] as string | number;
      const child = container[key];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, parent: slot, key });
    }
  }
  return out;
}

/** A place in the variables: the value there, and the container and key it sits under. */
interface Slot {
  value: unknown;
  parent: Slot | undefined;
  key: string | number | undefined;
}

function foundFile(slot: Slot, file: UploadedFile): FoundFile {
  let path = '';
  for (let at: Slot | undefined = slot; at?.parent; at = at.parent) {
    path = typeof at.key === 'number' ? `[${at.key}]${path}` : `.${at.key}${path}`;
  }
  const { parent, key } = slot;
  if (!parent || key === undefined) return { path: '$', file, replace: undefined };
  const container = parent.value as Record<string | number, unknown>;
  return {
    path: `$${path}`,
    file,
    replace: (replacement) => {
      container[key] = replacement;
    },
  };
}
