// The maintenance feature's texts: zh-CN first, en-US typed against it (i18n/index.ts merges every feature's).
export const zhCN = {
  nav: { maintenance: '数据维护' },
  maintenance: {
    backups: {
      title: '备份与恢复', intro: '本机每天自动备份一次，关闭时也会备份，保留最近 7 份，并保留最近 7 天每天最新的一份。也可以备份到指定文件夹（如 U 盘），或从中恢复。恢复前会先备份当前数据库，恢复后应用自动重启；同步凭据、待上传记录和同步进度随备份一起恢复，同步接着进行。备份与数据库一样加密：在另一台电脑或重装后恢复，需要本机的恢复密钥（请管理员抄下保管）。',
      folder: '文件夹', folderHint: '指定文件夹，如 E:\\备份（留空为本机备份）', open: '打开', own: '本机备份', create: '立即备份', createHere: '备份到此文件夹', created: '备份已完成',
      name: '文件', date: '时间', size: '大小', integrity: '完整性', auditHead: '审计锚点', verify: '检查', restore: '恢复',
      integrityStates: { ok: '完好', damaged: '已损坏', not_backup: '不是本系统的备份', unchecked: '未检查', checking: '检查中', foreign: '其他安装的备份（需恢复密钥）' },
      restoreTitle: '从 {{name}} 恢复？', restoreBody: '当前数据库将先备份，然后替换为 {{day}} 的备份，应用随即重启。备份之后在本机录入、尚未同步的内容会丢失（仍保存在恢复前的备份中）。',
      restarting: '已开始恢复，应用正在重启，请稍后重新登录。',
      recoveryKey: '恢复密钥', showKey: '显示恢复密钥', yourPassword: '您的登录密码', wrongPassword: '密码错误，请重新输入',
      recoveryIntro: '备份与数据库一样加密。换电脑、重装系统或本机密钥丢失后，只有凭恢复密钥才能恢复这些备份。请输入您的密码以显示本机的恢复密钥。',
      keepKey: '请抄写或打印后交由单位妥善保管，不要保存在本机上。持有恢复密钥和备份文件的人可以读取全部数据。',
      noKey: '本机数据库未加密，无需恢复密钥。',
      foreignTitle: '{{name}} 来自另一台电脑或另一次安装',
      foreignBody: '该备份不是用本机的密钥加密的。请输入创建该备份的那台电脑的恢复密钥（管理员在“恢复密钥”中抄下的 64 位字符），恢复后数据库改用本机的密钥。',
      recoveryKeyInput: '恢复密钥', recoveryFormat: '恢复密钥应为 64 位十六进制字符（0–9、A–F，可含分隔符）', recoveryWrong: '恢复密钥与该备份不符：请核对抄下的恢复密钥，或确认备份来自哪台电脑',
    },
    updates: {
      title: '软件更新', intro: '从本单位内网的更新文件夹获取新版本。新版本在后台下载，由您决定何时重启安装；正在导入或同步时不会安装。',
      feedUrl: '更新地址', current: '当前版本', state: '状态', lastCheck: '上次检查', check: '立即检查',
      unsupported: '浏览器模式不支持自动更新',
      states: { idle: '空闲', checking: '正在检查', downloading: '正在下载', downloaded: '已下载，待重启', error: '检查失败' },
      reasons: { current: '已是最新版本', downgrade: '更新文件夹中的版本 {{version}} 低于当前版本，已拒绝', staged: '版本 {{version}} 正在分批推送，本机尚未轮到', prerelease: '版本 {{version}} 是测试版，正式版不自动安装', invalid: '无法识别更新文件夹中的版本号', unsupported: '版本 {{version}} 不支持本机的操作系统版本，未下载', unreachable: '无法连接更新地址' },
      ready: '新版本 {{version}} 已下载', restartTitle: '重启并安装 {{version}}？', restartBody: '应用将关闭并运行安装程序，完成后自动重新打开。请先保存正在填写的内容。', restart: '重启并安装', later: '稍后',
    },
  },
  // The backups' and updates' outcomes (backups.service.ts, updates.service.ts).
  errors: {
    reasons: {
      folderNotWritable: '无法写入文件夹 {{folder}}：该文件夹只读或没有写入权限，请换一个文件夹（如 U 盘是否写保护）', folderFull: '文件夹 {{folder}} 所在的磁盘空间不足，备份未写入',
      no_backup_dir: '本机未设置备份文件夹', no_folder: '文件夹不存在', no_backup: '备份文件不存在', backup_damaged: '该备份文件已损坏，不能用于恢复',
      backup_key_mismatch: '该备份不是用本机的密钥加密的（来自另一台电脑或另一次安装），或文件已损坏，不能用于恢复',
      recovery_key_wrong: '恢复密钥与该备份不符（或文件已损坏）：请核对抄下的恢复密钥',
      feed_url_scheme: '更新地址须为 http 或 https 文件夹地址', update_busy_import: '正在导入，导入完成后再重启更新', update_busy_sync: '正在同步，同步完成后再重启更新', update_not_downloaded: '没有已下载的更新',
    },
  },
};

export const enUS: typeof zhCN = {
  nav: { maintenance: 'Maintenance' },
  maintenance: {
    backups: {
      title: 'Backup and restore', intro: 'This desk backs up once a day and at shutdown, keeping the last 7 and the newest of each of the last 7 days. You can also back up to a folder of your choice (a USB disk) and restore from it. A restore first backs up the current database, then the app restarts; the sync credentials, the edits waiting to upload and the sync position come back with the backup, and sync carries on. Backups are encrypted like the database: restoring one on another PC or after a reinstall needs this desk’s recovery key (the administrator writes it down).',
      folder: 'Folder', folderHint: 'A folder such as E:\\Backups (empty: this desk’s backups)', open: 'Open', own: 'This desk', create: 'Back up now', createHere: 'Back up to this folder', created: 'Backup written',
      name: 'File', date: 'Time', size: 'Size', integrity: 'Integrity', auditHead: 'Audit anchor', verify: 'Check', restore: 'Restore',
      integrityStates: { ok: 'Intact', damaged: 'Damaged', not_backup: 'Not a Branch Desk backup', unchecked: 'Not checked', checking: 'Checking…', foreign: 'Another installation’s backup (needs its recovery key)' },
      restoreTitle: 'Restore from {{name}}?', restoreBody: 'The current database is backed up first, then replaced by the backup of {{day}}, and the app restarts. What was entered here after that backup and not yet synced is lost (it stays in the pre-restore backup).',
      restarting: 'Restoring: the app is restarting. Sign in again in a moment.',
      recoveryKey: 'Recovery key', showKey: 'Show recovery key', yourPassword: 'Your password', wrongPassword: 'Wrong password: try again',
      recoveryIntro: 'Backups are encrypted like the database. After a new PC, a reinstall or a lost key, only the recovery key restores them. Enter your password to show this desk’s recovery key.',
      keepKey: 'Write it down or print it and keep it safe, away from this PC. Whoever holds the recovery key and a backup can read all of its data.',
      noKey: 'This desk’s database is not encrypted: there is no recovery key.',
      foreignTitle: '{{name}} was made by another PC or installation',
      foreignBody: 'This backup was not encrypted with this desk’s key. Enter the recovery key of the PC that made it (the 64 characters shown under “Recovery key”). Once restored, the database uses this desk’s key.',
      recoveryKeyInput: 'Recovery key', recoveryFormat: 'A recovery key is 64 hexadecimal characters (0–9, A–F; separators allowed)', recoveryWrong: 'This recovery key does not open the backup: check what was written down, or which PC made the backup',
    },
    updates: {
      title: 'Software updates', intro: 'New versions come from your office’s update folder on the intranet. They download in the background; you choose when to restart and install. Nothing installs during an import or a sync.',
      feedUrl: 'Update address', current: 'Current version', state: 'State', lastCheck: 'Last check', check: 'Check now',
      unsupported: 'Browser mode does not update itself',
      states: { idle: 'Idle', checking: 'Checking', downloading: 'Downloading', downloaded: 'Downloaded, waiting for a restart', error: 'Check failed' },
      reasons: { current: 'Up to date', downgrade: 'The folder offers {{version}}, older than this version: refused', staged: '{{version}} is being rolled out in stages; this device is not in yet', prerelease: '{{version}} is a pre-release; a release is not updated to it', invalid: 'The folder’s version number cannot be read', unsupported: '{{version}} does not support this PC’s operating system version: not downloaded', unreachable: 'The update address cannot be reached' },
      ready: 'Version {{version}} downloaded', restartTitle: 'Restart and install {{version}}?', restartBody: 'The app closes, runs the installer and opens again. Save what you are editing first.', restart: 'Restart and install', later: 'Later',
    },
  },
  errors: {
    reasons: {
      folderNotWritable: 'Cannot write to {{folder}}: the folder is read-only or you have no permission to write there. Choose another folder (is the USB disk write-protected?)', folderFull: 'The disk holding {{folder}} is full: the backup was not written',
      no_backup_dir: 'No backup folder is set on this PC', no_folder: 'The folder does not exist', no_backup: 'The backup file does not exist', backup_damaged: 'The backup file is damaged and cannot be restored',
      backup_key_mismatch: 'This backup was not encrypted with this PC’s key (it comes from another PC or installation), or the file is damaged: it cannot be restored',
      recovery_key_wrong: 'The recovery key does not fit this backup (or the file is damaged): check the key you wrote down',
      feed_url_scheme: 'The update address must be an http or https folder address', update_busy_import: 'An import is running: restart to update once it is done', update_busy_sync: 'A sync is running: restart to update once it is done', update_not_downloaded: 'No update has been downloaded',
    },
  },
};
