// Imported first by the projector's page (projector.tsx), for its side effect: the socket's
// handshake starts while the rest of the page's modules are evaluated (see openSocketEarly).
import { openSocketEarly } from './socket.ts';
import { tokenFromQuery } from './token.ts';

const token = tokenFromQuery();
if (token) openSocketEarly(token);
