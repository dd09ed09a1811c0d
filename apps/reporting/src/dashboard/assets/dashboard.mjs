/* global Chart, document */
// The program dashboard's script (index.html). Runs in the browser: the bearer token is pasted, kept in
// sessionStorage only, and sent only in the Authorization header of the API calls, to this origin. Every figure is
// also written as text under a `data-figure` attribute holding its path in the API's JSON.
import {
  codeLabel,
  formatCount,
  formatMinutes,
  formatShare,
  formatText,
  isPeriod,
  tokenClaims,
  WITHHELD,
} from './figures.mjs';

const TOKEN_KEY = 'lead.dashboard.token';
const REPORT_ROLES = ['program_admin', 'evaluator'];
/** Panels whose endpoints are being built: any of these answers means the endpoint is not there (yet). */
const NOT_AVAILABLE_STATUSES = [404, 501];

const COLORS = ['#2f6db5', '#3c9d74', '#d08a1e', '#8a56b8', '#c8504b', '#5b6472', '#1f9bb0', '#a3732b'];

const byId = (id) => document.getElementById(id);
const charts = new Map();
let token;

// --- the token: sessionStorage only, never a URL, a cookie or localStorage ------------------------------------------

function useToken(candidate) {
  const claims = tokenClaims(candidate);
  if (!claims) {
    showMessage('invalid', 'That is not a bearer token (a JWT of three dot-separated parts).');
    return false;
  }
  token = candidate.trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  byId('who').textContent = claims.subject || 'unknown';
  byId('role').textContent = claims.roles.join(', ') || 'no role';
  byId('expires').textContent = claims.expiresAt ? claims.expiresAt.toISOString() : 'unknown';
  byId('token-form').hidden = true;
  byId('signed-in').hidden = false;
  const select = byId('jurisdiction');
  select.replaceChildren(
    ...claims.jurisdictions.map((jurisdiction) => {
      const option = document.createElement('option');
      option.value = jurisdiction;
      option.textContent = jurisdiction;
      return option;
    }),
  );
  hideMessage();
  if (claims.jurisdictions.length === 0) showMessage('invalid', 'This token names no jurisdiction.');
  else if (!claims.roles.some((role) => REPORT_ROLES.includes(role)))
    setStatus('idle', 'This token’s role may not read program reports; the API will refuse it.');
  else setStatus('idle', 'Choose a jurisdiction and a period.');
  return true;
}

function signOut() {
  token = undefined;
  sessionStorage.removeItem(TOKEN_KEY);
  byId('token-form').hidden = false;
  byId('signed-in').hidden = true;
  byId('jurisdiction').replaceChildren();
  byId('report').hidden = true;
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
  hideMessage();
  setStatus('idle', 'Paste a token, then choose a jurisdiction and a period.');
}

// --- the API -------------------------------------------------------------------------------------------------------

/** One GET of the API with the token; the status and the parsed body (`undefined` when it is not JSON). */
async function apiGet(path) {
  const response = await fetch(path, {
    method: 'GET',
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    credentials: 'omit',
    cache: 'no-store',
    redirect: 'error',
    referrerPolicy: 'no-referrer',
  });
  let body;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

const problemText = (body) =>
  body && typeof body === 'object'
    ? [body.title, body.detail].filter((part) => typeof part === 'string').join(': ')
    : '';

function refusal(status, body) {
  const said = problemText(body);
  switch (status) {
    case 401:
      return ['refused', `The API did not accept this token (401${said ? `: ${said}` : ''}). Sign in again.`];
    case 403:
      return [
        'refused',
        `Refused (403): this token’s role may not read program reports${said ? ` (${said})` : ''}. ` +
          'The dashboard is for program admins and evaluators.',
      ];
    case 404:
      return ['refused', `Not found (404)${said ? `: ${said}` : ''}. Is this one of the token’s jurisdictions?`];
    case 400:
      return ['invalid', `The API refused the request (400)${said ? `: ${said}` : ''}.`];
    case 429:
      return ['refused', `Too many refused requests from this browser (429)${said ? `: ${said}` : ''}.`];
    default:
      return ['error', `The report could not be loaded (${status}${said ? `: ${said}` : ''}).`];
  }
}

async function showReport(jurisdiction, period) {
  hideMessage();
  setStatus('loading', `Loading ${jurisdiction}, ${period}…`);
  const query = new URLSearchParams({ jurisdiction, period }).toString();
  let answer;
  try {
    answer = await apiGet(`/v1/reports/program?${query}`);
  } catch {
    byId('report').hidden = true;
    setStatus('error', 'The report could not be loaded.');
    showMessage('error', 'The API could not be reached (network error).');
    return;
  }
  if (answer.status !== 200 || !answer.body) {
    byId('report').hidden = true;
    const [kind, text] = refusal(answer.status, answer.body);
    setStatus(kind === 'error' ? 'error' : 'refused', 'No report.');
    showMessage(kind, text);
    return;
  }
  byId('report').hidden = false;
  renderProgram(answer.body);
  setStatus('ready', `Program report of ${jurisdiction}, ${period}.`);
  await Promise.all([...document.querySelectorAll('section.pending')].map((panel) => loadPending(panel, query)));
}

/** A panel whose endpoint others are building: "not available" until it answers. */
async function loadPending(panel, query) {
  const availability = panel.querySelector('.availability');
  availability.dataset.status = 'loading';
  availability.textContent = 'Loading…';
  let answer;
  try {
    answer = await apiGet(`${panel.dataset.endpoint}?${query}`);
  } catch {
    answer = { status: 0 };
  }
  if (answer.status === 0 || NOT_AVAILABLE_STATUSES.includes(answer.status)) {
    availability.dataset.status = 'not-available';
    availability.textContent = 'not available';
  } else if (answer.status === 200) {
    // The endpoint has landed: its figures are wired here once its response type is settled.
    availability.dataset.status = 'received';
    availability.textContent = 'The report answered; this panel does not show its figures yet.';
  } else {
    availability.dataset.status = 'refused';
    availability.textContent = refusal(answer.status, answer.body)[1];
  }
}

// --- rendering: text first, charts from the same values ------------------------------------------------------------

function figureElement(path, value, format) {
  const element = document.createElement('span');
  element.dataset.figure = path;
  const text = format(value);
  element.textContent = text;
  if (text === WITHHELD) element.classList.add('withheld');
  return element;
}

function addRow(list, label, path, value, format = formatCount, flag) {
  const term = document.createElement('dt');
  term.textContent = label;
  const definition = document.createElement('dd');
  definition.append(figureElement(path, value, format));
  if (flag) {
    const note = document.createElement('span');
    note.className = 'flag';
    note.textContent = flag;
    definition.append(note);
  }
  list.append(term, definition);
}

const unstableFlag = (rate) => (rate && rate.unstable && rate.value !== null ? '(unstable: small count)' : undefined);

function renderProgram(report) {
  for (const element of byId('report-heading').querySelectorAll('[data-figure]')) {
    const path = element.dataset.figure;
    element.textContent = formatText(path.split('.').reduce((value, key) => value?.[key], report));
  }
  byId('suppression').textContent =
    report.suppressedBelow === null
      ? 'Exact figures.'
      : `Counts from 1 to ${report.suppressedBelow - 1}, and any that would give one back, are withheld.`;

  const funnel = [
    ['Referrals', 'referrals.total', report.referrals.total],
    ['Screened eligible', 'screening.eligible', report.screening.eligible],
    ['Prosecutor eligible', 'prosecutor.eligible', report.prosecutor.eligible],
    ['Offers accepted', 'offers.accepted', report.offers.accepted],
    ['Enrolled', 'enrolment.enrolled', report.enrolment.enrolled],
  ];
  const funnelList = byId('funnel-figures');
  funnelList.replaceChildren();
  for (const [label, path, value] of funnel) addRow(funnelList, label, path, value);
  addRow(
    funnelList,
    'Enrolled of referrals',
    'enrolment.rate.value',
    report.enrolment.rate.value,
    formatShare,
    unstableFlag(report.enrolment.rate),
  );
  drawBar('funnel-chart', {
    labels: funnel.map(([label]) => label),
    datasets: [{ label: 'Referrals', data: funnel.map(([, , value]) => value), backgroundColor: COLORS[0] }],
    horizontal: true,
  });

  const { handOff } = report;
  const handOffList = byId('hand-off-figures');
  handOffList.replaceChildren();
  addRow(handOffList, 'Hand-offs', 'handOff.handOffs', handOff.handOffs);
  addRow(handOffList, 'Median (minutes)', 'handOff.medianMinutes', handOff.medianMinutes, formatMinutes);
  addRow(handOffList, '90th percentile (minutes)', 'handOff.p90Minutes', handOff.p90Minutes, formatMinutes);
  addRow(handOffList, 'Within target', 'handOff.withinTarget', handOff.withinTarget);
  addRow(
    handOffList,
    'Share within target',
    'handOff.withinTargetShare.value',
    handOff.withinTargetShare.value,
    formatShare,
    unstableFlag(handOff.withinTargetShare),
  );
  drawBar('hand-off-chart', {
    labels: ['Median', '90th percentile'],
    datasets: [
      { label: 'Minutes', data: [handOff.medianMinutes, handOff.p90Minutes], backgroundColor: [COLORS[1], COLORS[2]] },
    ],
  });

  const rows = byId('engagement-figures').querySelector('tbody');
  rows.replaceChildren(
    ...report.participants.map((month, index) => {
      const row = document.createElement('tr');
      const cells = [
        ['month', formatText],
        ['active', formatCount],
        ['engaged', formatCount],
        ['low', formatCount],
        ['inactive', formatCount],
      ].map(([key, format]) => {
        const cell = document.createElement(key === 'month' ? 'th' : 'td');
        if (key === 'month') cell.scope = 'row';
        cell.append(figureElement(`participants.${index}.${key}`, month[key], format));
        return cell;
      });
      row.append(...cells);
      return row;
    }),
  );
  drawBar('engagement-chart', {
    labels: report.participants.map((month) => month.month),
    datasets: ['engaged', 'low', 'inactive'].map((level, index) => ({
      label: level,
      data: report.participants.map((month) => month[level]),
      backgroundColor: COLORS[[1, 2, 4][index]],
    })),
    stacked: true,
  });

  const exitList = byId('exits-figures');
  exitList.replaceChildren();
  addRow(exitList, 'Exits', 'exits.total', report.exits.total);
  const exitReasons = Object.keys(report.exits.byReason).sort();
  for (const reason of exitReasons)
    addRow(exitList, codeLabel(reason), `exits.byReason.${reason}`, report.exits.byReason[reason]);
  drawBar('exits-chart', {
    labels: exitReasons.map(codeLabel),
    datasets: [
      { label: 'Exits', data: exitReasons.map((reason) => report.exits.byReason[reason]), backgroundColor: COLORS[3] },
    ],
  });

  const { charges } = report;
  const chargeList = byId('charges-figures');
  chargeList.replaceChildren();
  addRow(chargeList, 'Declined', 'charges.declined', charges.declined);
  for (const reason of Object.keys(charges.declinedByReason).sort())
    addRow(
      chargeList,
      `declined: ${codeLabel(reason)}`,
      `charges.declinedByReason.${reason}`,
      charges.declinedByReason[reason],
    );
  addRow(chargeList, 'Released', 'charges.released', charges.released);
  for (const reason of Object.keys(charges.releasedByReason).sort())
    addRow(
      chargeList,
      `released: ${codeLabel(reason)}`,
      `charges.releasedByReason.${reason}`,
      charges.releasedByReason[reason],
    );
  addRow(chargeList, 'Filed', 'charges.filed', charges.filed);
  drawBar('charges-chart', {
    labels: ['Declined', 'Released', 'Filed'],
    datasets: [
      {
        label: 'Charges',
        data: [charges.declined, charges.released, charges.filed],
        backgroundColor: [COLORS[1], COLORS[2], COLORS[4]],
      },
    ],
  });
}

/** A bar chart on the canvas of that id, made once and then given new data. Withheld values (null) draw no bar. */
function drawBar(id, { labels, datasets, horizontal = false, stacked = false }) {
  const existing = charts.get(id);
  if (existing) {
    existing.data.labels = labels;
    existing.data.datasets = datasets;
    existing.update();
    return;
  }
  const chart = new Chart(byId(id), {
    type: 'bar',
    data: { labels, datasets },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: datasets.length > 1 } },
      scales: {
        x: { stacked, beginAtZero: true },
        y: { stacked, beginAtZero: true },
      },
    },
  });
  charts.set(id, chart);
}

// --- status and messages -------------------------------------------------------------------------------------------

function setStatus(state, text) {
  const status = byId('status');
  status.dataset.state = state;
  status.textContent = text;
}

function showMessage(kind, text) {
  const message = byId('message');
  message.dataset.kind = kind;
  message.textContent = text;
  message.hidden = false;
}

function hideMessage() {
  const message = byId('message');
  message.hidden = true;
  message.textContent = '';
  delete message.dataset.kind;
}

// --- wiring --------------------------------------------------------------------------------------------------------

byId('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const field = byId('token');
  const candidate = field.value;
  field.value = '';
  useToken(candidate);
});

byId('sign-out').addEventListener('click', signOut);

byId('filters').addEventListener('submit', (event) => {
  event.preventDefault();
  if (!token) {
    showMessage('invalid', 'Paste a bearer token first.');
    return;
  }
  const jurisdiction = byId('jurisdiction').value;
  const period = byId('period').value.trim();
  if (!jurisdiction) {
    showMessage('invalid', 'Choose a jurisdiction.');
    return;
  }
  if (!isPeriod(period)) {
    showMessage('invalid', 'The period is a month (2026-11), a quarter (2026-Q4) or a year (2026).');
    return;
  }
  void showReport(jurisdiction, period);
});

// A token from earlier in this tab's session is used again; nothing is asked of the API until a report is chosen.
const kept = sessionStorage.getItem(TOKEN_KEY);
if (kept && !useToken(kept)) sessionStorage.removeItem(TOKEN_KEY);
