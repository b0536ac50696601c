// The home feature's texts: zh-CN first, en-US typed against it (i18n/index.ts merges every feature's).
export const zhCN = {
  nav: { home: '首页' },
  home: {
    welcome: '{{name}}，您好', office: '所属单位', role: '角色', stations: '工商所', cadres: '干部', activeStations: '在用工商所', todo: '待办事项',
    chief: { unowned: '无责任人的责任区', followUps: '待跟进的督导事项', training: '本年度学时未达标的干部', commitments: '待年终评议的岗位承诺', load: '人员负荷：负责的市场主体户数（阈值 {{n}} 户）', ownerZones: '{{name}}（{{n}} 个责任区）' },
    hr: { overdueRetirement: '已超过法定退休年龄、仍在册的干部', nearRetirement: '12 个月内到达法定退休年龄', stages: '干部职业阶段分布' },
    staff: { zones: '我负责的责任区（{{n}} 个）', noZones: '目前没有分配给您的责任区', businesses: '市场主体 {{n}} 户 · 无照 {{u}} 户', commitment: '{{year}} 年度岗位承诺书', reviewed: '已评议', none: '尚未填写', hours: '{{year}} 年度培训：已计 {{h}} 学时', noCadre: '您的账户未关联干部档案，请联系管理员。' },
    admin: {
      users: '用户', locked: '{{n}} 个已锁定', cadresByStation: '各工商所干部人数',
      refusedTitle: '本机拒绝了 {{n}} 次未经本机签署的恢复', refusedIntro: '有人在程序之外把一个文件放到了待恢复的位置（或恢复签名不符），本机启动时没有使用它，数据未被替换。该文件已改名原样保留在数据文件夹中，请核实是谁、为什么这样做。',
      refusedReasons: { no_stamp: '没有恢复签名（文件是手工放入的）', bad_stamp: '恢复签名无效（可能是伪造的）', file_changed: '签名后文件被替换', unknown: '签名无法核对' },
      refusedSetAside: '文件已移至 {{file}}', refusedAudit: '查看审计日志', refusedAck: '已核实，不再提示', refusedAcked: '已记录核实，并写入审计日志',
    },
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
    admin: {
      users: 'Users', locked: '{{n}} locked', cadresByStation: 'Cadres per station',
      refusedTitle: 'This PC refused {{n}} restore(s) it did not sign', refusedIntro: 'Someone put a file in the restore place outside the program (or its signature did not match). This PC did not use it at start, and no data was replaced. The file is kept as it was, renamed, in the data folder: find out who did this, and why.',
      refusedReasons: { no_stamp: 'No restore signature (the file was put there by hand)', bad_stamp: 'The restore signature is invalid (possibly forged)', file_changed: 'The file was swapped after it was signed', unknown: 'The signature could not be checked' },
      refusedSetAside: 'moved to {{file}}', refusedAudit: 'Open the audit log', refusedAck: 'Checked, do not show again', refusedAcked: 'Recorded as checked, in the audit log',
    },
  },
};
