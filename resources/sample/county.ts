// Deterministic synthetic county: the same seed always gives the same people and places,
// so screenshots, tests and benchmarks can rely on it. Pure: no I/O.

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

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪';
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

export function generateCounty(opts: { seed?: number; stations?: number; cadresPerStation?: number } = {}): SampleCounty {
  const r = rng(opts.seed ?? 20261128);
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
      birthDate: day(r, 1966, 2001),
      post,
      phone: `1${pick<string>(r, '35789')}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`,
    };
  };
  for (const post of ['局长', '副局长', '人事科科长', '人事科科员']) cadres.push(person(null, post));
  for (const s of stations) {
    for (let i = 0; i < perStation; i++) cadres.push(person(s.key, POSTS[i < 2 ? i : 2 + Math.floor(r() * (POSTS.length - 2))]!));
  }
  return { bureau: { name: '温州市瓯海区市场监督管理局', code: '330304' }, stations, cadres };
}
