/* global Chart, document */
// The program dashboard's script (index.html). Runs in the browser: the bearer token is pasted, kept in
// sessionStorage only, and sent only in the Authorization header of the API calls, to this origin. Every figure is
// also written as text under a `data-figure` attribute holding its path in the API's JSON.
import {
  codeLabel,
  formatCount,
  formatFigure,
  formatMinutes,
  formatShare,
  formatText,
  isPeriod,
  survivalAt,
  tokenClaims,
  WITHHELD,
} from './figures.mjs';

const TOKEN_KEY = 'lead.dashboard.token';
const REPORT_ROLES = ['program_admin', 'evaluator'];
/** A report panel's endpoint answering one of these is not there (an older service): the panel says so. */
const NOT_AVAILABLE_STATUSES = [404, 501];
/** The decision point the equity panel opens on. */
const DEFAULT_EQUITY_POINT = 'enrolled';
/** The days the re-arrest panel reads the survival curves at. */
const SURVIVAL_DAYS = [180, 365];

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
  equityReport = undefined;
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
  await Promise.all(
    [...document.querySelectorAll('section.report-panel')].map((panel) => loadReportPanel(panel, query)),
  );
}

/** How each report panel draws its report. */
const PANEL_RENDERERS = { equity: renderEquity, outcomes: renderOutcomes, cost: renderCost };

/**
 * A panel of another report (equity, outcomes, cost), fetched with the same query: drawn when it answers, "not
 * available" when the endpoint is not there (404, 501) or cannot be reached, the API's refusal otherwise.
 */
async function loadReportPanel(panel, query) {
  const availability = panel.querySelector('.availability');
  const body = panel.querySelector('.panel-body');
  availability.dataset.status = 'loading';
  availability.textContent = 'Loading…';
  let answer;
  try {
    answer = await apiGet(`${panel.dataset.endpoint}?${query}`);
  } catch {
    answer = { status: 0 };
  }
  if (answer.status === 200 && answer.body && typeof answer.body === 'object') {
    body.hidden = false;
    PANEL_RENDERERS[panel.id](answer.body);
    availability.dataset.status = 'shown';
    availability.textContent =
      answer.body.suppressedBelow === null || answer.body.suppressedBelow === undefined
        ? 'Exact figures.'
        : `Counts from 1 to ${answer.body.suppressedBelow - 1}, and any that would give one back, are withheld.`;
    return;
  }
  body.hidden = true;
  for (const figures of body.querySelectorAll('.figures')) figures.replaceChildren();
  for (const canvas of body.querySelectorAll('canvas')) {
    charts.get(canvas.id)?.destroy();
    charts.delete(canvas.id);
  }
  if (answer.status === 0 || NOT_AVAILABLE_STATUSES.includes(answer.status)) {
    availability.dataset.status = 'not-available';
    availability.textContent = 'not available';
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

// --- the equity, re-arrest and cost panels: figures under their JSON path (docs/reporting-dashboard.md) -----------
//
// A path is the figure's place in the report's JSON, prefixed by the report (`equity.`, `outcomes.`, `cost.`). An
// array element that has a key of its own is named by that key in brackets — `decisionPoints[enrolled]`,
// `groups[white]`, `categories[jail]`, `unitCosts[jailDay]`, `steps[182]` (the step's day) — never by its position,
// so a path keeps naming the same figure when the API adds an element; a list of plain values by its index
// (`assumptions.notes.0`), as the program report's months are.

/** A figure of a report panel: its text, by formatFigure's rules, under its path. */
function panelFigure(path, value, exact) {
  return figureElement(path, value, (shown) => formatFigure(path, shown, exact));
}

function flagElement(text) {
  const note = document.createElement('span');
  note.className = 'flag';
  note.textContent = text;
  return note;
}

/** A flag for an unstable rate or index that is shown (a withheld one says nothing of its size). */
const unstableNote = (figure, shownValue) =>
  figure && figure.unstable && shownValue !== null && shownValue !== undefined ? [flagElement('unstable')] : [];

function element(tag, className, ...children) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  made.append(...children.flat(Infinity).filter((child) => child !== undefined && child !== null && child !== false));
  return made;
}

/** A table of figures: the first cell of a row is its header; a cell is text, a node or a list of them. */
function figureTable(caption, headers, rows) {
  const table = element('table', 'figures');
  if (caption) table.append(element('caption', '', caption));
  const headRow = element('tr', '');
  for (const header of headers) {
    const cell = element('th', '', header);
    cell.scope = 'col';
    headRow.append(cell);
  }
  table.append(element('thead', '', headRow));
  const body = element('tbody', '');
  for (const cells of rows) {
    const row = element('tr', '');
    cells.forEach((content, index) => {
      const cell = element(index === 0 ? 'th' : 'td', '', content);
      if (index === 0) cell.scope = 'row';
      row.append(cell);
    });
    body.append(row);
  }
  table.append(body);
  return table;
}

/** A list of figures of one report: [label, path, value, flags?] rows. */
function figureList(title, rows, exact) {
  const list = element('dl', 'figures');
  for (const [label, path, value, flags = []] of rows)
    list.append(element('dt', '', label), element('dd', '', panelFigure(path, value, exact), flags));
  return title ? element('div', 'figure-block', element('h3', '', title), list) : list;
}

/** A chart on the canvas of that id, drawn again from scratch (the panels' charts change type and axes). */
function drawChart(id, config) {
  charts.get(id)?.destroy();
  const options = { animation: false, responsive: true, maintainAspectRatio: false, ...config.options };
  charts.set(id, new Chart(byId(id), { ...config, options }));
}

const percentTicks = { callback: (value) => formatShare(value) };
const exactOf = (report) => report.suppressedBelow === null || report.suppressedBelow === undefined;

// equity: one decision point at a time

let equityReport;

function renderEquity(report) {
  equityReport = report;
  const select = byId('equity-point');
  const previous = select.value;
  const points = report.decisionPoints.map(({ point }) => point);
  select.replaceChildren(
    ...points.map((point) => {
      const option = document.createElement('option');
      option.value = point;
      option.textContent = codeLabel(point);
      return option;
    }),
  );
  select.value = points.includes(previous)
    ? previous
    : points.includes(DEFAULT_EQUITY_POINT)
      ? DEFAULT_EQUITY_POINT
      : points[0];
  renderEquityPoint();
}

function renderEquityPoint() {
  const report = equityReport;
  const exact = exactOf(report);
  const point = report.decisionPoints.find(({ point: name }) => name === byId('equity-point').value);
  if (!point) return;
  const at = `equity.decisionPoints[${point.point}]`;
  byId('equity-after').textContent =
    point.after === null
      ? 'Rate: of all referrals made in the period.'
      : `Rate: of those who reached “${codeLabel(point.after)}”.`;

  const rateCell = (path, rate) => [
    panelFigure(`${path}.rate.value`, rate.value, exact),
    unstableNote(rate, rate.value),
  ];
  const indexCell = (path, group, relativeRate) => {
    if (group === report.referenceGroup) return ['reference'];
    if (!relativeRate) return [element('span', 'note', 'none')];
    return [
      panelFigure(`${path}.relativeRate.index`, relativeRate.index, exact),
      ' (',
      panelFigure(`${path}.relativeRate.lower`, relativeRate.lower, exact),
      ' to ',
      panelFigure(`${path}.relativeRate.upper`, relativeRate.upper, exact),
      ')',
      unstableNote(relativeRate, relativeRate.index),
    ];
  };
  const rows = [
    [
      'Whole jurisdiction',
      panelFigure(`${at}.whole.count`, point.whole.count, exact),
      panelFigure(`${at}.whole.base`, point.whole.base, exact),
      rateCell(`${at}.whole`, point.whole.rate),
      '',
    ],
    ...point.groups.map((cell) => {
      const path = `${at}.groups[${cell.group}]`;
      return [
        codeLabel(cell.group),
        panelFigure(`${path}.count`, cell.count, exact),
        panelFigure(`${path}.base`, cell.base, exact),
        rateCell(path, cell.rate),
        indexCell(path, cell.group, cell.relativeRate),
      ];
    }),
  ];
  const reference = element(
    'p',
    'note',
    'The relative rate index (RRI) is a group’s rate over the reference group’s (',
    panelFigure('equity.referenceGroup', report.referenceGroup, exact),
    '), with its 95% interval. Unstable: a base (its or the reference group’s) under 20.',
  );
  const blocks = [
    reference,
    figureTable(`At “${codeLabel(point.point)}”`, ['Group', 'Count', 'Base', 'Rate', 'RRI (95% interval)'], rows),
  ];
  if (report.frontDoor) {
    const door = report.frontDoor;
    blocks.push(
      figureTable(
        `Front door: arrest-diversion referrals per arrest outside LEAD, districts ${door.districts.join(', ')}`,
        ['Group', 'Referrals', 'Arrests', 'Referrals per arrest', 'RRI (95% interval)'],
        door.groups.map((cell) => {
          const path = `equity.frontDoor.groups[${cell.group}]`;
          return [
            codeLabel(cell.group),
            panelFigure(`${path}.referrals`, cell.referrals, exact),
            panelFigure(`${path}.arrests`, cell.arrests, exact),
            rateCell(path, cell.rate),
            indexCell(path, cell.group, cell.relativeRate),
          ];
        }),
      ),
    );
  } else blocks.push(element('p', 'note', 'Front door: no justice-system comparison counts for this jurisdiction.'));
  byId('equity-figures').replaceChildren(...blocks);

  const shownRate = (rate) => rate.value !== null && rate.unstable;
  drawChart('equity-chart', {
    type: 'bar',
    data: {
      labels: point.groups.map((cell) => `${codeLabel(cell.group)}${shownRate(cell.rate) ? ' (unstable)' : ''}`),
      datasets: [
        {
          label: 'Group’s rate (pale: unstable)',
          data: point.groups.map((cell) => cell.rate.value),
          backgroundColor: point.groups.map((cell) => (shownRate(cell.rate) ? '#a9c4e4' : COLORS[0])),
          order: 2,
        },
        {
          type: 'line',
          label: 'Whole jurisdiction',
          data: point.groups.map(() => point.whole.rate.value),
          borderColor: COLORS[4],
          backgroundColor: COLORS[4],
          borderDash: [6, 4],
          pointRadius: 0,
          order: 1,
        },
      ],
    },
    options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: percentTicks } } },
  });
}

// re-arrest: Kaplan–Meier curves

function renderOutcomes(report) {
  const exact = exactOf(report);
  const { rearrest, followUp } = report;
  const blocks = [
    figureList(
      '',
      [
        ['Participants entered in the period', 'outcomes.participants', report.participants],
        ['Justice records complete through', 'outcomes.followUp.coveredThrough', followUp.coveredThrough],
        ['Follow-up ends', 'outcomes.followUp.censoredOn', followUp.censoredOn],
        ['Followed at least a day', 'outcomes.followUp.followed', followUp.followed],
      ],
      exact,
    ),
  ];
  const curves = [
    ['participants', 'Participants', rearrest.participants, COLORS[0]],
    ['comparison', 'Comparison cohort', rearrest.comparison, COLORS[2]],
  ];
  for (const [key, label, curve] of curves) {
    const at = `outcomes.rearrest.${key}`;
    if (!curve) {
      blocks.push(element('p', 'note', `${label}: none (no complete justice-system comparison import by then).`));
      continue;
    }
    const rows = [
      ['Persons', `${at}.persons`, curve.persons],
      ['Re-arrested', `${at}.rearrested`, curve.rearrested],
      ['Median days to re-arrest', `${at}.medianDays`, curve.medianDays],
    ];
    if (curve.shownWhileAtRiskAtLeast !== null)
      rows.push(['Steps shown while at risk at least', `${at}.shownWhileAtRiskAtLeast`, curve.shownWhileAtRiskAtLeast]);
    const list = figureList(label, rows, exact);
    const dl = list.querySelector('dl');
    for (const day of SURVIVAL_DAYS) {
      const read = survivalAt(curve.steps, day);
      let value;
      if (read === undefined)
        value = element(
          'span',
          'note',
          curve.steps.length === 0
            ? 'no steps shown'
            : `not followed that long (the curve ends at day ${curve.steps[curve.steps.length - 1].day})`,
        );
      else if (read.step === null) value = element('span', '', `${formatShare(1)} (before the first step)`);
      else {
        const path = `${at}.steps[${read.step.day}].survival`;
        const figure = element('span', '', formatFigure(path, read.survival, exact));
        figure.dataset.figureOf = path;
        value = element('span', '', figure, flagElement(`(step of day ${read.step.day})`));
      }
      dl.append(element('dt', '', `Not re-arrested by day ${day}`), element('dd', '', value));
    }
    blocks.push(list);
    blocks.push(
      curve.steps.length === 0
        ? element('p', 'note', `${label}: no steps shown.`)
        : figureTable(
            `${label}: Kaplan–Meier steps`,
            ['Day', 'At risk', 'Re-arrested', 'Censored', 'Not re-arrested', '95% interval'],
            curve.steps.map((step) => {
              const path = `${at}.steps[${step.day}]`;
              return [
                panelFigure(`${path}.day`, step.day, exact),
                panelFigure(`${path}.atRisk`, step.atRisk, exact),
                panelFigure(`${path}.events`, step.events, exact),
                panelFigure(`${path}.censored`, step.censored, exact),
                panelFigure(`${path}.survival`, step.survival, exact),
                [
                  panelFigure(`${path}.lower`, step.lower, exact),
                  ' to ',
                  panelFigure(`${path}.upper`, step.upper, exact),
                ],
              ];
            }),
          ),
    );
  }
  if (rearrest.logRank)
    blocks.push(
      figureList(
        'Log-rank test, participants against comparison',
        [
          ['Chi-square (1 df)', 'outcomes.rearrest.logRank.chiSquare', rearrest.logRank.chiSquare],
          ['p', 'outcomes.rearrest.logRank.pValue', rearrest.logRank.pValue],
        ],
        exact,
      ),
    );
  byId('outcomes-figures').replaceChildren(...blocks);

  const datasets = [];
  for (const [, label, curve, color] of curves) {
    if (!curve) continue;
    const points = (value) => [{ x: 0, y: 1 }, ...curve.steps.map((step) => ({ x: step.day, y: value(step) }))];
    const band = { stepped: 'before', pointRadius: 0, borderWidth: 0, backgroundColor: `${color}33` };
    datasets.push(
      { ...band, label: `${label} 95% upper`, data: points((step) => step.upper), fill: '+1' },
      { ...band, label: `${label} 95% lower`, data: points((step) => step.lower), fill: false },
      {
        label,
        data: points((step) => step.survival),
        stepped: 'before',
        pointRadius: 0,
        borderColor: color,
        backgroundColor: color,
        fill: false,
      },
    );
  }
  drawChart('outcomes-chart', {
    type: 'line',
    data: { datasets },
    options: {
      parsing: true,
      plugins: { legend: { labels: { filter: (item) => !item.text.includes('95%') } } },
      scales: {
        x: { type: 'linear', min: 0, title: { display: true, text: 'Days since entry (index arrest)' } },
        y: { min: 0, max: 1, ticks: percentTicks, title: { display: true, text: 'Not re-arrested (95% band)' } },
      },
    },
  });
}

// cost: before and after entry, the program, the estimate and its assumptions

function renderCost(report) {
  const exact = exactOf(report);
  const { legalSystem, program, estimate, assumptions } = report;
  const sides = (path, figure) => [
    panelFigure(`${path}.before`, figure.before, exact),
    panelFigure(`${path}.after`, figure.after, exact),
    panelFigure(`${path}.change`, figure.change, exact),
  ];
  const categories = figureTable(
    `Legal-system cost (${report.currency}), before and after entry over the same days`,
    ['Category', 'Priced as', 'Before: count', 'Before: cost', 'After: count', 'After: cost', 'Change'],
    [
      ...legalSystem.categories.map((category) => {
        const path = `cost.legalSystem.categories[${category.category}]`;
        return [
          codeLabel(category.category),
          element('span', 'note', category.basis),
          panelFigure(`${path}.before.count`, category.before.count, exact),
          panelFigure(`${path}.before.cost`, category.before.cost, exact),
          panelFigure(`${path}.after.count`, category.after.count, exact),
          panelFigure(`${path}.after.cost`, category.after.cost, exact),
          panelFigure(`${path}.change`, category.change, exact),
        ];
      }),
      (() => {
        const [before, after, change] = sides('cost.legalSystem.total', legalSystem.total);
        return ['Total', '', '', before, '', after, change];
      })(),
      (() => {
        const [before, after, change] = sides('cost.legalSystem.perPersonMonth', legalSystem.perPersonMonth);
        return ['Per person-month', '', '', before, '', after, change];
      })(),
    ],
  );
  const cohort = figureList(
    'Cohort',
    [
      ['Currency', 'cost.currency', report.currency],
      ['Participants entered in the period', 'cost.participants', report.participants],
      ['Followed at least a day', 'cost.followed', report.followed],
      ['Follow-up ends', 'cost.censoredOn', report.censoredOn],
      ['Person-months followed (each side)', 'cost.personMonths', report.personMonths],
    ],
    exact,
  );
  const programList = figureList(
    'Program',
    [
      ['Cost per participant-month', 'cost.program.costPerParticipantMonth', program.costPerParticipantMonth],
      ['Participant-months in the period', 'cost.program.periodParticipantMonths', program.periodParticipantMonths],
      ['Cost in the period', 'cost.program.periodCost', program.periodCost],
      ['Cohort’s participant-months', 'cost.program.cohortParticipantMonths', program.cohortParticipantMonths],
      ['Cohort’s program cost', 'cost.program.cohortCost', program.cohortCost],
    ],
    exact,
  );
  const estimateList = figureList(
    'Estimate against system-as-usual',
    [
      [
        'System-as-usual per person-month',
        'cost.estimate.systemAsUsualPerPersonMonth',
        estimate.systemAsUsualPerPersonMonth,
      ],
      [
        'With the program per person-month',
        'cost.estimate.withProgramPerPersonMonth',
        estimate.withProgramPerPersonMonth,
      ],
      ['Savings per person-month', 'cost.estimate.savingsPerPersonMonth', estimate.savingsPerPersonMonth],
      ['Savings over the follow-up', 'cost.estimate.savings', estimate.savings],
      ['Savings of system-as-usual', 'cost.estimate.savingsShare', estimate.savingsShare],
    ],
    exact,
  );
  const textFigure = (label, path, value) =>
    element('p', 'assumption', element('strong', '', `${label}: `), panelFigure(path, value, exact));
  const assumptionBlock = element(
    'div',
    'figure-block assumptions',
    element('h3', '', 'Assumptions'),
    textFigure('Unit costs of protocol version', 'cost.assumptions.protocolVersion', assumptions.protocolVersion),
    figureTable(
      '',
      ['Unit cost', `Value (${report.currency})`, 'Source', 'Unpublished'],
      assumptions.unitCosts.map((unit) => {
        const path = `cost.assumptions.unitCosts[${unit.name}]`;
        return [
          unit.name,
          panelFigure(`${path}.value`, unit.value, exact),
          panelFigure(`${path}.source`, unit.source, exact),
          panelFigure(`${path}.unpublished`, unit.unpublished, exact),
        ];
      }),
    ),
    textFigure('Window', 'cost.assumptions.window', assumptions.window),
    textFigure('System-as-usual', 'cost.assumptions.systemAsUsual', assumptions.systemAsUsual),
    element(
      'ul',
      'notes',
      assumptions.notes.map((note, index) =>
        element('li', '', panelFigure(`cost.assumptions.notes.${index}`, note, exact)),
      ),
    ),
  );
  byId('cost-figures').replaceChildren(
    categories,
    element('div', 'columns', element('div', '', cohort, programList, estimateList), assumptionBlock),
  );

  drawChart('cost-chart', {
    type: 'bar',
    data: {
      labels: legalSystem.categories.map((category) => codeLabel(category.category)),
      datasets: [
        { label: 'Before entry', data: legalSystem.categories.map((c) => c.before.cost), backgroundColor: COLORS[5] },
        { label: 'After entry', data: legalSystem.categories.map((c) => c.after.cost), backgroundColor: COLORS[1] },
      ],
    },
    options: { scales: { y: { beginAtZero: true, title: { display: true, text: report.currency } } } },
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

byId('equity-point').addEventListener('change', () => {
  if (equityReport) renderEquityPoint();
});

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
