/** GET /api/config: what the gateway tells a signed-in client about its environment (today: ICE servers for calls). */
import { problem } from './errors';

/**
 * The ICE servers the gateway hands out (GET /api/config: STUN, and TURN with short-lived credentials); an empty list
 * is normal on loopback or a LAN. HTTP errors reject with ActionError carrying the server's detail.
 */
export async function fetchIceServers(token: string): Promise<RTCIceServer[]> {
  const res = await fetch('/api/config', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  const text = await res.text();
  if (!res.ok) throw problem(res.status, res.statusText, text);
  const body = JSON.parse(text) as { iceServers?: unknown };
  return Array.isArray(body.iceServers) ? (body.iceServers as RTCIceServer[]) : [];
}
