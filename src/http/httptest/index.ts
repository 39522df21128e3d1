// ts-csp-style/http/httptest: Go's net/http/httptest server and the
// in-memory network it runs on (net.Pipe, a listener, a dialer), Node only.
// Inside a synctest bubble a real node:http server and the Client talk over
// it in virtual time.
export { newServer, Server, type ServerOptions } from "./server.js";
export { newNetwork, pipe, Network, Listener, type ListenOptions, type NetworkDial } from "./network.js";
export { Conn, NetError, type Addr } from "./conn.js";
