export type LiveSessionState = {
  title: string;
  controller: 'agent' | 'human';
  step: string;
  ended: boolean;
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const styles = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; background: #e9ecf1; color: #1d2330; }
  .chrome { display: flex; align-items: center; gap: 8px; padding: 6px 10px; background: #2b303b; color: #cfd5e0; font-size: 12px; }
  .dots span { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; background: #5d6472; }
  .address { flex: 1; padding: 3px 10px; border-radius: 12px; background: #3a404d; color: #e8ecf3; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
  .clock { font-variant-numeric: tabular-nums; }
  .banner { padding: 6px 12px; font-weight: 600; color: #fff; background: #2f6fdb; }
  .banner.human { background: #b85c00; }
  .banner.ended { background: #5d6472; }
  main { max-width: 560px; margin: 18px auto; padding: 0 12px; }
  .card { background: #fff; border-radius: 10px; padding: 16px 18px; box-shadow: 0 1px 3px rgb(0 0 0 / 0.12); margin-bottom: 14px; }
  h1 { font-size: 18px; margin: 0 0 10px; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  .row { display: flex; justify-content: space-between; padding: 3px 0; }
  .total { border-top: 1px solid #e3e6ec; margin-top: 6px; padding-top: 8px; font-weight: 700; }
  label { display: block; font-size: 12px; color: #5d6472; margin-top: 8px; }
  input { width: 100%; padding: 7px 9px; border: 1px solid #c9ced8; border-radius: 6px; font: inherit; }
  button { margin-top: 12px; padding: 8px 14px; border: 0; border-radius: 6px; background: #1d2330; color: #fff; font: inherit; cursor: pointer; }
  .secure { border: 2px solid #b85c00; }
  .step { color: #5d6472; font-size: 12px; }
  .cursor { position: fixed; width: 14px; height: 14px; border-radius: 50%; background: rgb(47 111 219 / 0.7); pointer-events: none; transition: left 0.9s ease, top 0.9s ease; }
`;

const script = `
  const $ = (id) => document.getElementById(id);
  const tick = () => { $('clock').textContent = new Date().toLocaleTimeString(); };
  tick(); setInterval(tick, 1000);
  const render = (s) => {
    const banner = $('banner');
    banner.className = 'banner ' + (s.ended ? 'ended' : s.controller);
    banner.textContent = s.ended ? 'Session ended' : 'Session controlled by: ' + s.controller;
    $('step').textContent = s.step ? 'Agent: ' + s.step : '';
    $('cursor').hidden = s.ended || s.controller !== 'agent';
  };
  const poll = async () => {
    try {
      const res = await fetch(location.pathname + '/state', { cache: 'no-store' });
      if (res.ok || res.status === 404) render(await res.json());
    } catch {}
  };
  setInterval(poll, 1000);
  setInterval(() => {
    $('cursor').style.left = 40 + Math.random() * (innerWidth - 80) + 'px';
    $('cursor').style.top = 90 + Math.random() * (innerHeight - 130) + 'px';
  }, 1200);
  $('verify').addEventListener('submit', (e) => {
    e.preventDefault();
    $('verified').textContent = 'Verified. You can hand back to the agent.';
  });
`;

/** The fake remote-browser page: a checkout waiting for a 3-D Secure step, with who is in control. */
export function liveViewPage(state: LiveSessionState | null): string {
  const ended = state === null || state.ended;
  const controller = state?.controller ?? 'agent';
  const bannerClass = ended ? 'ended' : controller;
  const bannerText = ended ? 'Session ended' : `Session controlled by: ${controller}`;
  const title = escapeHtml(state?.title ?? 'Remote browser');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live view: ${title}</title>
<style>${styles}</style>
</head>
<body>
<div class="chrome"><span class="dots"><span></span><span></span><span></span></span>
<span class="address">https://checkout.northwind.example/pay</span><span class="clock" id="clock"></span></div>
<div class="${bannerClass} banner" id="banner" role="status">${bannerText}</div>
<main>
<div class="card">
<h1>${title}</h1>
<div class="row"><span>2 × Conference ticket</span><span>€220.00</span></div>
<div class="row"><span>Booking fee</span><span>€20.00</span></div>
<div class="row total"><span>Total</span><span>€240.00</span></div>
</div>
<form class="card secure" id="verify">
<h2>Verify it's you</h2>
<p>Your bank sent a code to the phone ending in 42.</p>
<label for="code">Verification code</label>
<input id="code" inputmode="numeric" autocomplete="one-time-code" placeholder="6 digits">
<button type="submit">Confirm</button>
<p id="verified" role="status"></p>
</form>
<p class="step" id="step">${state?.step ? `Agent: ${escapeHtml(state.step)}` : ''}</p>
</main>
<div class="cursor" id="cursor"${ended || controller !== 'agent' ? ' hidden' : ''}></div>
<script>${script}</script>
</body>
</html>`;
}
