// The shell's texts (sign-in, setup, errors, roles …); each feature keeps its own beside its code.
export const zhCN = {
  app: { title: '基层工商所工作台', short: 'Branch Desk' },
  about: { button: '关于', title: '关于本软件', name: '名称', version: '版本', runtime: '运行方式', desktop: '桌面应用（Electron {{electron}}）', browser: '浏览器模式', dataDir: '数据文件夹' },
  common: { close: '关闭',
    save: '保存', cancel: '取消', create: '新建', edit: '编辑', delete: '删除', confirm: '确定', search: '搜索',
    range: '{{from}} 至 {{to}}', listSep: '，', export: '导出 Excel', exporting: '正在导出…', exported: '已导出 {{n}} 行', actions: '操作', yes: '是', no: '否',
    loading: '加载中…', empty: '暂无数据', refresh: '刷新', all: '全部', status: '状态', reset: '重置',
    saved: '已保存', required: '必填', back: '返回', details: '详情', total: '共 {{n}} 条', language: 'English',
  },
  errors: {
    reasons: { otherStation: '只能查看和办理本所的数据', otherStationWrite: '只能修改本所的数据', countyOnly: '这项工作由县局办理，工商所账号不能操作', notYourRecord: '只能查看本人的记录', counsellorOnly: '只有心理辅导员可以查看和办理', range: '请填写 {{min}} 到 {{max}} 之间的数', integer: '请填写整数（{{min}} 到 {{max}}）', type: '请填写数字（{{min}} 到 {{max}}）', ladder: '职级阶梯格式不正确：每一级须有目标职级、来源职级和年限（0–20 年）', ladderDuplicate: '职级阶梯中“{{rank}}”出现了两次', ladderCycle: '职级阶梯在“{{rank}}”处形成循环', tooYoung: '出生日期有误：干部须年满 16 周岁', file_too_large: '文件过大：导入文件最多 {{mb}} MB，请拆分成几个文件分批导入', empty_file: '文件是空的（0 字节），请选择有数据的 Excel 或 CSV 文件', pastRetirement: '已到法定退休日期 {{retirementDate}}', ownerAndDeputy: '同一人不能同时担任本责任区的责任人和协管人', not_backup: '该文件不是本系统的数据备份，不能用于恢复' },
    BAD_INPUT: '输入数据不符合要求', UNKNOWN_METHOD: '未知的操作', UNAUTHENTICATED: '请先登录',
    SESSION_EXPIRED: '长时间未操作，会话已过期，请重新登录', FORBIDDEN: '当前角色无权执行此操作',
    NOT_FOUND: '记录不存在或已删除', CONFLICT: '数据冲突', RULE_VIOLATION: '不符合业务规则',
    BAD_CREDENTIALS: '用户名或密码错误', ACCOUNT_LOCKED: '连续登录失败次数过多，账户已锁定至 {{until}}',
    ACCOUNT_DISABLED: '该账户已停用，请联系系统管理员', WEAK_PASSWORD: '密码强度不足',
    PASSWORD_CHANGE_REQUIRED: '请先修改密码', ALREADY_SET_UP: '系统已完成初始化', HUB_UNREACHABLE: '无法连接同步服务器或未收到答复，请检查网络后重试', DB_KEY_MISSING: '数据库已加密，但找不到它的密钥，无法打开', DB_KEY_WRONG: '密钥不对：该数据库或备份不是用本机的密钥加密的，或文件已损坏', INTERNAL: '系统内部错误，请稍后重试或联系管理员',
    NETWORK: '无法连接到本地服务', BAD_TOKEN: '访问令牌无效，请重新打开应用', FOREIGN_ORIGIN: '请求来源不受信任', BAD_HOST: '请求地址不受信任',
    boundary: '页面出现错误', boundaryHint: '已阻止错误扩散。您可以返回首页或重新加载。', reload: '重新加载',
  },
  password: {
    length: '密码至少 10 位', classes: '密码需包含大写字母、小写字母、数字、符号中的至少三类', username: '密码不能包含用户名', same: '新密码不能与原密码相同',
    hint: '至少 10 位，包含大写字母、小写字母、数字、符号中的至少三类',
  },
  setup: {
    title: '首次使用向导', intro: '欢迎使用基层工商所工作台。请先建立县局并设置系统管理员账户。本系统没有默认密码。',
    stepBureau: '县局信息', stepJoin: '加入县局', joinIntro: '欢迎使用基层工商所工作台。请输入县局提供的同步服务器地址和登记码，再设置本机的系统管理员账户。本系统没有默认密码。', stepAdmin: '管理员账户', stepDone: '完成',
    bureauName: '县局名称', bureauCode: '行政区划代码', bureauCodeHint: '6 位数字，例如 330304',
    username: '管理员用户名', displayName: '姓名', password: '密码', password2: '确认密码', mismatch: '两次输入的密码不一致',
    sample: '加载示例数据', sampleHint: '载入一个虚构县局（6 个所、约 60 名干部），便于先行熟悉系统。', next: '下一步', prev: '上一步', finish: '完成初始化',
    done: '初始化完成，请使用管理员账户登录。',
  },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录', logout: '退出登录', lockHint: '连续 5 次输入错误，账户将锁定 15 分钟。忘记密码请联系系统管理员重置。',
    changeTitle: '修改密码', changeIntro: '管理员已重置您的密码，请设置新密码后继续。', firstIntro: '欢迎首次登录。请将管理员设置的初始密码改为只有您知道的新密码。', oldPassword: '原密码', newPassword: '新密码', changed: '密码已修改',
  },
  roles: { admin: '系统管理员', chief: '所长', staff: '所员', hr: '人事干部', counsellor: '心理辅导员' },
  validation: {
    areaCode: { format: '行政区划代码应为 6 位数字', province: '行政区划代码的省级部分（前两位）不存在', county: '行政区划代码应细化到县级（后两位不能为 00）' },
  },
};
export type CommonDict = typeof zhCN;
