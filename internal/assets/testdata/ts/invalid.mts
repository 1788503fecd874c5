// A call with a wrongly typed argument, which tsc must reject: minutes is a
// number, not a string.
import { getSession } from '../../sessionutils.mjs';

getSession('30');
