// The projector page's first module (projector.tsx), for its side effect: the socket's handshake
// starts while the rest of the page's code is still on its way (see openSocketEarly).
// A permanent link's page joins no lesson: no socket.
import { openSocketEarly } from './socket.ts';
import { isStandingToken, tokenFromQuery } from './token.ts';

const token = tokenFromQuery();
if (token && !isStandingToken(token)) openSocketEarly(token);
