// The users feature's texts: zh-CN first, en-US typed against it (i18n/index.ts merges every feature's).
export const zhCN = {
  nav: { users: '用户管理' },
  users: { usernameRule: '用户名为 2–32 个字符：汉字、字母、数字或 _ . -（不含空格）',
    title: '用户管理', username: '用户名', displayName: '姓名', role: '角色', office: '所属单位', state: '状态', lastLogin: '最近登录',
    enabled: '正常', disabled: '已停用', locked: '已锁定', mustChange: '待改密', newUser: '新建用户', editUser: '编辑用户',
    cadre: '关联干部', cadreHint: '所员编辑本人负责责任区的市场主体时需要', initialPassword: '初始密码', initialPasswordHint: '用户首次登录后须修改密码', resetPassword: '重置密码', resetTitle: '重置密码：{{name}}', cadreOption: '{{name}}（{{post}}）', newPassword: '新密码',
    resetDone: '密码已重置，用户下次登录时须修改密码', disable: '停用', enable: '启用', unlock: '解锁',
    confirmDisable: '确定停用用户“{{name}}”吗？其当前会话将立即失效。',
  },
  // The accounts' outcomes (auth.service.ts, setup.ts), shown on sign-in, first run and this screen.
  errors: {
    reasons: {
      wrongPassword: '密码错误', wrongOldPassword: '原密码错误', usernameTaken: '用户名“{{username}}”已存在', userMissing: '用户不存在',
      userOfficeMissing: '所属单位不存在或已停用', userCadreMissing: '关联的干部不存在', userCadreElsewhere: '关联的干部不属于所选单位',
      notYourself: '不能停用自己或取消自己的管理员角色', bureauRequired: '请填写县局名称和行政区划代码',
      joinedNotPulled: '已登记到同步服务器，但尚未收到本单位的数据，请稍后重试（登记码仍然有效）',
    },
  },
};

export const enUS: typeof zhCN = {
  nav: { users: 'Users' },
  users: { usernameRule: 'A username is 2–32 characters: letters (Chinese too), digits or _ . - (no spaces)',
    title: 'Users', username: 'Username', displayName: 'Name', role: 'Role', office: 'Office', state: 'State', lastLogin: 'Last sign-in',
    enabled: 'Active', disabled: 'Disabled', locked: 'Locked', mustChange: 'Must change password', newUser: 'New user', editUser: 'Edit user',
    cadre: 'Cadre', cadreHint: 'Needed for staff to edit businesses in the zones they own', initialPassword: 'Initial password', initialPasswordHint: 'The user must change it at first sign-in', resetPassword: 'Reset password', resetTitle: 'Reset password: {{name}}', cadreOption: '{{name}} ({{post}})', newPassword: 'New password',
    resetDone: 'Password reset; the user must change it at next sign-in', disable: 'Disable', enable: 'Enable', unlock: 'Unlock',
    confirmDisable: 'Disable user “{{name}}”? Their sessions end at once.',
  },
  errors: {
    reasons: {
      wrongPassword: 'Wrong password', wrongOldPassword: 'The current password is wrong', usernameTaken: 'The username “{{username}}” is taken', userMissing: 'No such user',
      userOfficeMissing: 'The office does not exist or is closed', userCadreMissing: 'The linked cadre does not exist', userCadreElsewhere: 'The linked cadre is not in the chosen office',
      notYourself: 'You cannot disable yourself or take away your own administrator role', bureauRequired: 'Enter the bureau’s name and its area code',
      joinedNotPulled: 'Enrolled with the sync hub, but your office’s data has not arrived yet. Try again shortly (the code stays valid)',
    },
  },
};
