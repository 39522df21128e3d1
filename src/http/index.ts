// ts-csp-style/http: Go's net/http timeout layers for Node's http and https.
// Node only (node:http, node:https, node:net, node:tls); no dependencies.
export { timeoutHandler, ErrHandlerTimeout, ErrBodyReadAfterClose, type Handler, type ResponseWriter } from "./handler.js";
export {
  Client,
  HttpTimeoutError,
  type ClientOptions,
  type TimeoutLayer,
  type DialFunc,
  type NetConn,
  type TLSOptions,
  type HttpRequest,
} from "./client.js";
export { dialTimeout } from "./dial.js";
export { requestContext } from "./request-context.js";
