import { GraphQLError, GraphQLScalarType } from 'graphql';
import { isUploadedFile } from '../uploads/uploaded-file.ts';

/**
 * The `Upload` scalar we publish: only a file part of a multipart request is a value. The upstream
 * snapshot declares `scalar Upload` without behaviour, so a string or an object in its place used to
 * be forwarded to Boomi; now variable coercion refuses it (BAD_USER_INPUT) and a literal in the
 * document fails validation, before any upstream call.
 */
export const UploadScalar = new GraphQLScalarType({
  name: 'Upload',
  description: 'A file part of a GraphQL multipart request (graphql-multipart-request-spec).',
  parseValue(value) {
    if (!isUploadedFile(value)) {
      throw new GraphQLError(
        'Upload must be a file part of a multipart request (graphql-multipart-request-spec).',
      );
    }
    return value;
  },
  parseLiteral() {
    throw new GraphQLError(
      'Upload cannot be written in the document: send the file as a multipart request part.',
    );
  },
  // Input-only; delegation may hand the file through serialize on its way to the executor.
  serialize: (value) => value,
});
