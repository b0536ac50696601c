// The home feature's texts: zh-CN first, en-US typed against it (i18n/index.ts merges every feature's).
export const zhCN = {
  nav: { home: '首页' },
  home: {
    welcome: '{{name}}，您好', office: '所属单位', role: '角色', stations: '工商所', cadres: '干部', activeStations: '在用工商所', todo: '待办事项',
    chief: { unowned: '无责任人的责任区', followUps: '待跟进的督导事项', training: '本年度学时未达标的干部', commitments: '待年终评议的岗位承诺', load: '人员负荷：负责的市场主体户数（阈值 {{n}} 户）', ownerZones: '{{name}}（{{n}} 个责任区）' },
    hr: { overdueRetirement: '已超过法定退休年龄、仍在册的干部', nearRetirement: '12 个月内到达法定退休年龄', stages: '干部职业阶段分布' },
    staff: { zones: '我负责的责任区（{{n}} 个）', noZones: '目前没有分配给您的责任区', businesses: '市场主体 {{n}} 户 · 无照 {{u}} 户', commitment: '{{year}} 年度岗位承诺书', reviewed: '已评议', none: '尚未填写', hours: '{{year}} 年度培训：已计 {{h}} 学时', noCadre: '您的账户未关联干部档案，请联系管理员。' },
    admin: { users: '用户', locked: '{{n}} 个已锁定', cadresByStation: '各工商所干部人数' },
  },
};

export const enUS: typeof zhCN = {
  nav: { home: 'Home' },
  home: {
    welcome: 'Hello, {{name}}', office: 'Office', role: 'Role', stations: 'Stations', cadres: 'Cadres', activeStations: 'Active stations',
    todo: 'To do',
    chief: { unowned: 'Zones without an owner', followUps: 'Supervision follow-ups open', training: 'Cadres behind on this year’s training', commitments: 'Commitments awaiting year-end review', load: 'Load: businesses per owner (threshold {{n}})', ownerZones: '{{name}} (zones: {{n}})' },
    hr: { overdueRetirement: 'Past statutory retirement and still on the books', nearRetirement: 'Reaching retirement within 12 months', stages: 'Cadres by career stage' },
    staff: { zones: 'My zones ({{n}})', noZones: 'No zone is assigned to you yet', businesses: '{{n}} businesses · {{u}} unlicensed', commitment: '{{year}} post commitment', reviewed: 'Reviewed', none: 'Not written yet', hours: '{{year}} training: {{h}} hours so far', noCadre: 'Your account is not linked to a cadre dossier; ask the administrator.' },
    admin: { users: 'Users', locked: '{{n}} locked', cadresByStation: 'Cadres per station' },
  },
};
