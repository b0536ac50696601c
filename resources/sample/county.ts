// Deterministic synthetic county: the same seed always gives the same people and places,
// so screenshots, tests and benchmarks can rely on it. Pure: no I/O.
import { addMonths, retirement } from '../../shared/domain/career';
import { sampleCalendar } from './calendar';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪';
const GIVEN_M = '伟强磊军洋勇杰涛明超辉华建国平刚斌波宇浩凯鹏飞俊峰亮林志海东晨新宏文';
const GIVEN_F = '芳娜敏静丽艳娟霞秀玲燕红梅琳雪婷慧莉颖倩晶岚萍琴露瑶佳妍欣悦';
const POSTS = ['所长', '副所长', '综合监管岗', '市场主体登记岗', '食品安全监管岗', '消费维权岗', '执法办案岗', '内勤'];

export interface SampleStation {
  key: string;
  name: string;
  code: string;
  address: string;
  phone: string;
}
export interface SampleCadre {
  stationKey: string | null;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  post: string;
  phone: string;
}
export interface SampleCounty {
  /** The day the county was generated for: its dates are relative to it. */
  today: string;
  bureau: { name: string; code: string };
  stations: SampleStation[];
  cadres: SampleCadre[];
}

const STATIONS: [string, string][] = [
  ['jingshan', '景山'],
  ['xinqiao', '新桥'],
  ['louqiao', '娄桥'],
  ['wutian', '梧田'],
  ['nanbaixiang', '南白象'],
  ['chashan', '茶山'],
  ['panqiao', '潘桥'],
  ['guoxi', '郭溪'],
  ['quxi', '瞿溪'],
  ['zeya', '泽雅'],
  ['xianyan', '仙岩'],
  ['lishui', '丽岙'],
  ['haiyang', '海洋'],
  ['qushui', '瞿水'],
  ['xincheng', '新城'],
];

export function pick<T>(r: () => number, xs: readonly T[] | string): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

export function chineseName(r: () => number, gender: 'M' | 'F'): string {
  const pool = gender === 'M' ? GIVEN_M : GIVEN_F;
  const given = r() < 0.6 ? pick<string>(r, pool) + pick<string>(r, pool) : pick<string>(r, pool);
  return pick<string>(r, SURNAMES) + given;
}

function day(r: () => number, fromYear: number, toYear: number): string {
  const y = fromYear + Math.floor(r() * (toYear - fromYear + 1));
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function generateCounty(opts: { seed?: number; stations?: number; cadresPerStation?: number; today?: string } = {}): SampleCounty {
  const r = rng(opts.seed ?? 20261128);
  const cal = sampleCalendar(opts.today);
  // Everyone is still in service: nobody has passed, or reaches within half a year, the statutory
  // retirement date (those near it show in the HR dashboard's retirement list on their own).
  const inService = (birthDate: string, gender: 'M' | 'F') => {
    let b = birthDate;
    while (retirement(b, gender).date <= addMonths(cal.today, 6)) b = `${Number(b.slice(0, 4)) + 1}${b.slice(4)}`;
    return b;
  };
  const nStations = Math.min(opts.stations ?? 6, STATIONS.length);
  const perStation = opts.cadresPerStation ?? 9;
  const stations = STATIONS.slice(0, nStations).map(([key, name], i) => ({
    key,
    name: `${name}市场监管所`,
    code: '330304',
    address: `温州市瓯海区${name}街道${10 + i * 7}号`,
    phone: `0577-8${String(5000000 + i * 1113).slice(0, 7)}`,
  }));
  const cadres: SampleCadre[] = [];
  const person = (stationKey: string | null, post: string): SampleCadre => {
    const gender = r() < 0.62 ? 'M' : 'F';
    return {
      stationKey,
      name: chineseName(r, gender),
      gender,
      birthDate: inService(day(r, cal.yearOf(1966), cal.yearOf(2001)), gender),
      post,
      phone: `1${pick<string>(r, '35789')}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`,
    };
  };
  for (const post of ['局长', '副局长', '人事科科长', '人事科科员']) cadres.push(person(null, post));
  for (const s of stations) {
    for (let i = 0; i < perStation; i++) cadres.push(person(s.key, POSTS[i < 2 ? i : 2 + Math.floor(r() * (POSTS.length - 2))]!));
  }
  return { today: cal.today, bureau: { name: '温州市瓯海区市场监督管理局', code: '330304' }, stations, cadres };
}

// ---- Zones, grids, businesses and the unlicensed census ----

/** The census is taken each half year (15 March, 15 September): the two latest on or before today. */
function lastTwoCensuses(today: string): { name: string; date: string }[] {
  const y = Number(today.slice(0, 4));
  const all = [y - 1, y].flatMap((year) => [
    { name: `${year} 年上半年无照底数普查`, date: `${year}-03-15` },
    { name: `${year} 年下半年无照底数普查`, date: `${year}-09-15` },
  ]);
  const held = all.filter((c) => c.date <= today);
  return held.slice(-2);
}

const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(r: () => number, kind: '91' | '92' | '93', area: string, breakCheck = false): string {
  let body = kind + area;
  for (let i = 0; i < 9; i++) body += CREDIT[Math.floor(r() * 31)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT.indexOf(body[i]!) * W[i]!;
  let check = (31 - (sum % 31)) % 31;
  if (breakCheck) check = (check + 1 + Math.floor(r() * 29)) % 31;
  return body + CREDIT[check];
}

const ROADS = [
  '温瞿东路',
  '南白象大道',
  '梧慈路',
  '娄桥路',
  '古岸头路',
  '茶山大道',
  '塘下路',
  '新桥大道',
  '景山路',
  '潘桥路',
  '瓯海大道',
  '温州大道',
  '牛山北路',
  '将军桥路',
];
const TRADE = [
  '五金',
  '服装',
  '餐饮',
  '小吃',
  '超市',
  '便利店',
  '水果',
  '理发',
  '汽修',
  '鞋业',
  '眼镜',
  '电器',
  '建材',
  '药店',
  '茶叶',
  '烟酒',
  '面馆',
  '早餐',
  '烘焙',
  '文具',
];
const FOODISH = new Set(['餐饮', '小吃', '超市', '便利店', '水果', '面馆', '早餐', '烘焙', '茶叶', '烟酒']);
const ZIHAO = '鑫瑞华兴顺发盛达宏源金鼎福祥永安恒泰新星佳美和嘉利民富康东方海天';
const CATEGORIES = ['流动摊贩', '家庭作坊', '网吧', '废品收购', '小餐饮', '维修'];

export interface SampleZone {
  stationKey: string;
  code: string;
  name: string;
  boundary: string;
  riskLevel: 'low' | 'medium' | 'high';
  /** Index into the station's cadres, or null for a zone left without an owner. */
  ownerIndex: number | null;
}
export interface SampleGrid {
  stationKey: string;
  township: string;
  code: string;
  name: string;
  workerName: string;
  workerPhone: string;
  area: string;
  zoneCodes: string[];
}
export interface SampleBusiness {
  stationKey: string;
  creditCode: string;
  name: string;
  type: string;
  address: string;
  legalRep: string;
  phone: string;
  food: boolean;
  riskLevel: 'low' | 'medium' | 'high';
  status: 'active' | 'suspended' | 'revoked' | 'cancelled';
  zoneCode: string;
  gridCode: string;
}
export interface SampleUnlicensed {
  stationKey: string;
  census: 0 | 1;
  zoneCode: string;
  gridCode: string;
  name: string;
  address: string;
  operator: string;
  category: string;
  status: 'unlicensed' | 'licensed' | 'banned' | 'exempt';
  exemptReason: string | null;
}
export interface SampleTerritory {
  zones: SampleZone[];
  grids: SampleGrid[];
  businesses: SampleBusiness[];
  unlicensed: SampleUnlicensed[];
  censuses: { name: string; date: string }[];
}

export function businessName(r: () => number, town: string): { name: string; type: string; food: boolean; kind: '91' | '92' | '93' } {
  const trade = pick<string>(r, TRADE);
  const zh = pick<string>(r, ZIHAO) + pick<string>(r, ZIHAO);
  const roll = r();
  if (roll < 0.62) return { name: `温州市瓯海区${town}${zh}${trade}店`, type: '个体工商户', food: FOODISH.has(trade), kind: '92' };
  if (roll < 0.97) return { name: `温州${zh}${trade}有限公司`, type: '有限责任公司', food: FOODISH.has(trade) && r() < 0.7, kind: '91' };
  return { name: `温州市瓯海区${town}${zh}农业专业合作社`, type: '农民专业合作社', food: true, kind: '93' };
}

/**
 * The shape of a territory. The defaults are the sample county's; the screens bench asks for a
 * county (20 zones and 8 grids per station) and scales the census with the businesses.
 */
export interface TerritoryShape {
  seed?: number;
  businesses?: number;
  invalidCodes?: number;
  zonesPerStation?: number;
  gridsPerStation?: number;
  /** Multiplies the unlicensed entries per station and census (12–21 by default). */
  unlicensedScale?: number;
}

const NUMERALS = '一二三四五六七八九十';
/** 第一 … 第十, 第十一 … 第二十九: a zone's ordinal in Chinese. */
function ordinal(n: number): string {
  if (n <= 10) return NUMERALS[n - 1]!;
  const tens = Math.floor(n / 10);
  return `${tens > 1 ? NUMERALS[tens - 1] : ''}十${n % 10 ? NUMERALS[(n % 10) - 1] : ''}`;
}

function sampleBusiness(r: () => number, i: number, total: number, invalid: number, s: SampleStation, sz: SampleZone[], sg: SampleGrid[]): SampleBusiness {
  const town = s.name.replace('市场监管所', '');
  const n = businessName(r, town);
  const gender = r() < 0.6 ? 'M' : 'F';
  return {
    stationKey: s.key,
    creditCode: creditCode(r, n.kind, s.code, i % Math.floor(total / Math.max(invalid, 1)) === 7 && i / Math.floor(total / Math.max(invalid, 1)) < invalid),
    name: n.name,
    type: n.type,
    address: `温州市瓯海区${town}街道${pick<string>(r, ROADS)}${1 + Math.floor(r() * 400)}号`,
    legalRep: chineseName(r, gender),
    phone: `1${pick<string>(r, '35789')}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`,
    food: n.food,
    riskLevel: n.food ? pick(r, ['low', 'medium', 'high'] as const) : pick(r, ['low', 'low', 'medium'] as const),
    status: r() < 0.9 ? 'active' : pick(r, ['suspended', 'revoked', 'cancelled'] as const),
    zoneCode: pick(r, sz).code,
    gridCode: pick(r, sg).code,
  };
}

/**
 * Businesses of a territory one at a time, from their own seed, for counties too large to hold
 * in memory (the screens bench loads a million). Spread over the stations like generateTerritory's.
 */
export function* territoryBusinesses(
  county: SampleCounty,
  t: Pick<SampleTerritory, 'zones' | 'grids'>,
  opts: { seed?: number; businesses: number; invalidCodes?: number },
): Generator<SampleBusiness> {
  const r = rng(opts.seed ?? 11);
  const zonesOf = new Map(county.stations.map((s) => [s.key, t.zones.filter((z) => z.stationKey === s.key)]));
  const gridsOf = new Map(county.stations.map((s) => [s.key, t.grids.filter((g) => g.stationKey === s.key)]));
  for (let i = 0; i < opts.businesses; i++) {
    const s = county.stations[i % county.stations.length]!;
    yield sampleBusiness(r, i, opts.businesses, opts.invalidCodes ?? 0, s, zonesOf.get(s.key)!, gridsOf.get(s.key)!);
  }
}

export function generateTerritory(county: SampleCounty, opts: TerritoryShape = {}): SampleTerritory {
  const r = rng(opts.seed ?? 7);
  const total = opts.businesses ?? 5000;
  const zones: SampleZone[] = [];
  const grids: SampleGrid[] = [];
  const businesses: SampleBusiness[] = [];
  const unlicensed: SampleUnlicensed[] = [];
  county.stations.forEach((s, si) => {
    const town = s.name.replace('市场监管所', '');
    const nZones = opts.zonesPerStation ?? 5;
    const nGrids = opts.gridsPerStation ?? 4;
    for (let z = 0; z < nZones; z++) {
      const roads = [pick<string>(r, ROADS), pick<string>(r, ROADS)];
      zones.push({
        stationKey: s.key,
        code: `ZR${String(si + 1).padStart(2, '0')}${String(z + 1).padStart(2, '0')}`,
        name: `${town}第${ordinal(z + 1)}责任区`,
        boundary: `东至${roads[0]}，西至${roads[1]}，南至河道，北至村界`,
        riskLevel: pick(r, ['low', 'medium', 'medium', 'high'] as const),
        // The last zone of the first station is left without an owner, so the warning shows.
        ownerIndex: si === 0 && z === nZones - 1 ? null : 2 + (z % 6),
      });
    }
    for (let g = 0; g < nGrids; g++) {
      const gender = r() < 0.5 ? 'M' : 'F';
      const zoneCodes = zones.filter((z) => z.stationKey === s.key).map((z) => z.code);
      // A station with more zones than its grids' first picks reach maps the rest round the grids.
      const more = zoneCodes.filter((_, k) => k >= nGrids + 2 && k % nGrids === g);
      grids.push({
        stationKey: s.key,
        township: `${town}街道`,
        code: `WG${String(si + 1).padStart(2, '0')}${String(g + 1).padStart(2, '0')}`,
        name: `${town}第${g + 1}网格`,
        workerName: chineseName(r, gender),
        workerPhone: `13${Math.floor(r() * 10)}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
        area: `${(0.8 + r() * 3).toFixed(1)} 平方公里`,
        zoneCodes: [zoneCodes[(g + 1) % zoneCodes.length]!, ...(g % 2 === 0 ? [zoneCodes[(g + 2) % zoneCodes.length]!] : []), ...more],
      });
    }
  });
  const invalid = opts.invalidCodes ?? 5;
  for (let i = 0; i < total; i++) {
    const s = county.stations[i % county.stations.length]!;
    businesses.push(
      sampleBusiness(
        r,
        i,
        total,
        invalid,
        s,
        zones.filter((z) => z.stationKey === s.key),
        grids.filter((g) => g.stationKey === s.key),
      ),
    );
  }
  for (const s of county.stations) {
    const sz = zones.filter((z) => z.stationKey === s.key);
    const sg = grids.filter((g) => g.stationKey === s.key);
    const first = Math.round((12 + Math.floor(r() * 10)) * (opts.unlicensedScale ?? 1));
    for (let i = 0; i < first; i++) {
      const entry: Omit<SampleUnlicensed, 'census' | 'status' | 'exemptReason'> = {
        stationKey: s.key,
        zoneCode: pick(r, sz).code,
        gridCode: pick(r, sg).code,
        name: `${pick<string>(r, ROADS)}${pick<string>(r, CATEGORIES)}`,
        address: `${pick<string>(r, ROADS)}${1 + Math.floor(r() * 300)}号旁`,
        operator: chineseName(r, r() < 0.5 ? 'M' : 'F'),
        category: pick<string>(r, CATEGORIES),
      };
      unlicensed.push({ ...entry, census: 0, status: 'unlicensed', exemptReason: null });
      const roll = r();
      const later = roll < 0.35 ? 'licensed' : roll < 0.5 ? 'banned' : roll < 0.58 ? 'exempt' : 'unlicensed';
      unlicensed.push({
        ...entry,
        census: 1,
        status: later,
        exemptReason: later === 'exempt' ? '无证无照经营查处办法第三条：农民在集贸市场销售自产农副产品' : null,
      });
    }
  }
  return { zones, grids, businesses, unlicensed, censuses: lastTwoCensuses(county.today) };
}
