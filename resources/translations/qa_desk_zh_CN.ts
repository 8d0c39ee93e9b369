<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>&lt;h3&gt;Users&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;用户&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Job title</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Signing key</source>
        <translation>签名密钥</translation>
    </message>
    <message>
        <source>none yet (made at the next login)</source>
        <translation>尚无（下次登录时生成）</translation>
    </message>
    <message>
        <source>(awaiting endorsement)</source>
        <translation>（待认可）</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked until {time}</source>
        <translation>已锁定，至 {time}</translation>
    </message>
    <message>
        <source>locked until an administrator unlocks</source>
        <translation>已锁定，直至系统管理员解锁</translation>
    </message>
    <message>
        <source>must change password</source>
        <translation>须修改密码</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Working-day calendar&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;工作日历&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Import that year&apos;s holidays and make-up days from CSV…</source>
        <translation>从 CSV 导入该年节假日与调休…</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Change roles…</source>
        <translation>更改角色…</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Reactivate…</source>
        <translation>重新启用…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>解锁…</translation>
    </message>
    <message>
        <source>Endorse key…</source>
        <translation>认可密钥…</translation>
    </message>
    <message>
        <source>Select a user in the table first.</source>
        <translation>请先在表中选择一个用户。</translation>
    </message>
    <message>
        <source>Created {username}. Temporary password: {password} — hand it over; it must be changed at the first login.</source>
        <translation>已创建 {username}。临时密码：{password}——请交给本人；首次登录时必须修改。</translation>
    </message>
    <message>
        <source>Roles of {username} changed.</source>
        <translation>已更改 {username} 的角色。</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>{username} will no longer log in or sign; the account, its records and its signatures stay.</source>
        <translation>{username} 将不能再登录或签名；该账户及其记录和签名均保留。</translation>
    </message>
    <message>
        <source>{username} deactivated.</source>
        <translation>已停用 {username}。</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>重新启用</translation>
    </message>
    <message>
        <source>{username} will be able to log in again.</source>
        <translation>{username} 将可以重新登录。</translation>
    </message>
    <message>
        <source>{username} reactivated.</source>
        <translation>已重新启用 {username}。</translation>
    </message>
    <message>
        <source>Unlock {username} now and clear the failed attempts.</source>
        <translation>立即解锁 {username} 并清除失败尝试次数。</translation>
    </message>
    <message>
        <source>{username} unlocked.</source>
        <translation>已解锁 {username}。</translation>
    </message>
    <message>
        <source>The signing key of {username} is endorsed.</source>
        <translation>已认可 {username} 的签名密钥。</translation>
    </message>
    <message>
        <source>Temporary password of {username}: {password} — hand it over; it must be changed at the next login.</source>
        <translation>{username} 的临时密码：{password}——请交给本人；下次登录时必须修改。</translation>
    </message>
    <message>
        <source>Required; kept in the audit trail</source>
        <translation>必填；记入审计追踪</translation>
    </message>
    <message>
        <source>Change roles</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>Roles of {username}. An administrator account holds no signer role, and nobody changes their own roles.</source>
        <translation>{username} 的角色。系统管理员账户不能拥有签名角色，任何人都不能更改自己的角色。</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Endorse signing key</source>
        <translation>认可签名密钥</translation>
    </message>
    <message>
        <source>Ask {username} to read out the fingerprint of their signing key (Settings › My signing key…), and type it here. Compare it in person, not from this table.</source>
        <translation>请 {username} 读出其签名密钥的指纹（设置 › 我的签名密钥…），并在此输入。请与本人当面核对，不要照抄此表。</translation>
    </message>
    <message>
        <source>Endorse</source>
        <translation>认可</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>A temporary password for {username}: write it down and hand it over; it serves only to choose a new password at the next login.</source>
        <translation>{username} 的临时密码：请记下并交给本人；它只能用于在下次登录时设置新密码。</translation>
    </message>
    <message>
        <source>Temporary password</source>
        <translation>临时密码</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>Create user</source>
        <translation>创建用户</translation>
    </message>
    <message>
        <source>The temporary password is shown so that you can hand it over; the user must choose their own at the first login. User names are never reused.</source>
        <translation>显示临时密码是为了便于您交给本人；用户首次登录时必须设置自己的密码。用户名永不重复使用。</translation>
    </message>
    <message>
        <source>First run: the office&apos;s users</source>
        <translation>首次运行：创建部门用户</translation>
    </message>
    <message>
        <source>The administrator is created. Now create the office&apos;s users: inspectors, the QA head, the quality VP, reception. Each gets a temporary password that you hand over; they choose their own at their first login. You can add users later on the Administration page too.</source>
        <translation>系统管理员已创建。现在创建部门的用户：质检员、QA 部长、质量副总、前台。每人获得一个由您交给本人的临时密码；他们在首次登录时设置自己的密码。以后也可以在“系统管理”页面添加用户。</translation>
    </message>
    <message>
        <source>Add a user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>First users of the office</source>
        <translation>部门首批用户</translation>
    </message>
    <message>
        <source>{username}: temporary password {password}</source>
        <translation>{username}：临时密码 {password}</translation>
    </message>
    <message>
        <source>Add another user…</source>
        <translation>再添加一个用户…</translation>
    </message>
    <message>
        <source>Confirm the clock</source>
        <translation>确认时钟</translation>
    </message>
    <message>
        <source>Confirm only after checking the computer&apos;s date, time and time zone. The confirmation is kept in the audit trail with your name and reason.</source>
        <translation>请先核对计算机的日期、时间和时区后再确认。确认操作连同您的姓名和理由记入审计追踪。</translation>
    </message>
    <message>
        <source>Administrator&apos;s user name</source>
        <translation>系统管理员用户名</translation>
    </message>
    <message>
        <source>Choose the calendar CSV</source>
        <translation>选择日历 CSV</translation>
    </message>
    <message>
        <source>Cannot read the file: {exc}</source>
        <translation>无法读取文件：{exc}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;color:#b71c1c&apos;&gt;The public holidays of {next_year} are not entered: working days in that year count Monday–Friday. Enter the State Council&apos;s schedule from a CSV file (date,kind,name).&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;color:#b71c1c&apos;&gt;{next_year} 年的法定节假日尚未录入：该年的工作日按周一至周五计算。请用 CSV 文件（date,kind,name）录入国务院公布的安排。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Known years: {span}&lt;/p&gt;</source>
        <translation>&lt;p&gt;已知年份：{span}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot open the database {db_path}: {exc}</source>
        <translation>无法打开数据库 {db_path}：{exc}</translation>
    </message>
    <message>
        <source>The computer&apos;s clock ({now}) is earlier than the newest entry of the audit trail ({newest}). Nothing can be saved until an administrator confirms the clock. Check the computer&apos;s date, time and time zone first.</source>
        <translation>计算机时钟（{now}）早于审计追踪中最新的记录（{newest}）。在系统管理员确认时钟之前不能保存任何内容。请先检查计算机的日期、时间和时区。</translation>
    </message>
    <message>
        <source>Confirm the clock (administrator)…</source>
        <translation>确认时钟（系统管理员）…</translation>
    </message>
    <message>
        <source>The check could not read the file to the end ({0}). The file may be damaged: run a full verify, and restore the latest backup that verifies if it fails.</source>
        <translation>检查未能读完此文件（{0}）。文件可能已损坏：请运行完整校验；若校验不通过，请恢复最近一个通过校验的备份。</translation>
    </message>
    <message>
        <source>SQLite&apos;s check of the file found damage: {0}</source>
        <translation>SQLite 对此文件的检查发现损坏：{0}</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>正在检查文件…</translation>
    </message>
    <message>
        <source>Verifying the file… {done} of {total} audit entries</source>
        <translation>正在校验文件…已校验 {done} / {total} 条审计记录</translation>
    </message>
    <message>
        <source>Verifying the file…</source>
        <translation>正在校验文件…</translation>
    </message>
    <message>
        <source>The full verify found {problems} problems.</source>
        <translation>完整校验发现 {problems} 个问题。</translation>
    </message>
    <message>
        <source>The full verify found nothing inside the file ({entries} audit entries); the warning stands.</source>
        <translation>完整校验在文件内部未发现问题（{entries} 条审计记录）；上述警告仍然成立。</translation>
    </message>
    <message>
        <source>Verified: all checks hold ({entries} audit entries).</source>
        <translation>已校验：全部检查通过（{entries} 条审计记录）。</translation>
    </message>
    <message>
        <source>Checked at start.</source>
        <translation>启动检查已完成。</translation>
    </message>
    <message>
        <source>Integrity problem (&lt;a href=&quot;report&quot;&gt;see the report&lt;/a&gt;): {problem}</source>
        <translation>完整性问题（&lt;a href=&quot;report&quot;&gt;查看检查报告&lt;/a&gt;）：{problem}</translation>
    </message>
    <message>
        <source>Tell the QA head — integrity problem: {problem}</source>
        <translation>请告知质量保证部部长 —— 完整性问题：{problem}</translation>
    </message>
    <message>
        <source>Integrity check</source>
        <translation>完整性检查</translation>
    </message>
    <message>
        <source>a noted chain head: COUNT:HASH</source>
        <translation>在别处记录的链头：COUNT:HASH</translation>
    </message>
    <message>
        <source>The check of this file at start found:</source>
        <translation>启动时对此文件的检查发现：</translation>
    </message>
    <message>
        <source>The check of this file found:</source>
        <translation>对此文件的检查发现：</translation>
    </message>
    <message>
        <source>What to do: run a full verify (it runs in the background, its progress in the status bar); compare the file with a chain head noted outside it (printed on every record, in every periodic review and in the backup log); if the file was cut back or altered, the administrator restores the latest backup that verifies. This alarm is recorded in the audit trail.</source>
        <translation>处理办法：运行完整校验（在后台运行，进度显示在状态栏）；将此文件与在文件之外记录的链头比对（打印在每份记录、每次定期审核和备份日志中）；如果文件被截短或篡改，由系统管理员恢复最近一个通过校验的备份。此警报已记入审计追踪。</translation>
    </message>
    <message>
        <source>Compare with this head</source>
        <translation>与此链头比对</translation>
    </message>
    <message>
        <source>Run a full verify now</source>
        <translation>立即运行完整校验</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <source>Accept this file as it is…</source>
        <translation>接受此文件的现状…</translation>
    </message>
    <message>
        <source>Accept this file as it is</source>
        <translation>接受此文件的现状</translation>
    </message>
    <message>
        <source>Why is this file, as it is now, the office&apos;s? (recorded in the audit trail with the anchors it replaces)</source>
        <translation>为什么此文件的现状就是办公室的记录？（连同被替换的锚点一并记入审计追踪）</translation>
    </message>
    <message>
        <source>Recorded. This workstation now remembers the file as it is; the next start checks the whole trail against it.</source>
        <translation>已记录。本工作站从此按此文件的现状记忆；下次启动时将据此检查整个审计追踪。</translation>
    </message>
    <message>
        <source>The full verify runs in the background; the status bar shows its progress.</source>
        <translation>完整校验正在后台运行，进度显示在状态栏。</translation>
    </message>
    <message>
        <source>Not a chain head: write it as COUNT:HASH (the entry count, a colon and 64 hex digits).</source>
        <translation>这不是链头：请按 COUNT:HASH 的格式填写（记录条数、冒号和 64 位十六进制数字）。</translation>
    </message>
    <message>
        <source>The file still holds the noted head {head}.</source>
        <translation>此文件仍包含所记录的链头 {head}。</translation>
    </message>
    <message>
        <source>The database {path} cannot be opened: {problem}</source>
        <translation>无法打开数据库 {path}：{problem}</translation>
    </message>
    <message>
        <source>Contact the administrator.</source>
        <translation>请联系系统管理员。</translation>
    </message>
    <message>
        <source>Log in as the administrator to restore it? The damaged file is kept aside.</source>
        <translation>以系统管理员身份登录并恢复该备份？损坏的文件会另存一份。</translation>
    </message>
    <message>
        <source>Restore that backup</source>
        <translation>恢复该备份</translation>
    </message>
    <message>
        <source>the file could not be opened ({problem}); it is kept aside as {aside}</source>
        <translation>文件无法打开（{problem}）；已另存为 {aside}</translation>
    </message>
    <message>
        <source>Restored {name}; the damaged file is kept as {aside}.</source>
        <translation>已恢复 {name}；损坏的文件保存为 {aside}。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>complaint no.</source>
        <translation>投诉编号</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Routine entries (collapsed into counts)</source>
        <translation>例行操作（已合并计数）</translation>
    </message>
    <message>
        <source>◀ Newer entries</source>
        <translation>◀ 较新的条目</translation>
    </message>
    <message>
        <source>Older entries ▶</source>
        <translation>较早的条目 ▶</translation>
    </message>
    <message>
        <source>Findings (&quot;none&quot; when there are none)</source>
        <translation>审核发现（无异常时写“未发现异常”）</translation>
    </message>
    <message>
        <source>Sign the review of this period…</source>
        <translation>签名记录本期审核…</translation>
    </message>
    <message>
        <source>Entries {first}–{last} (counting the period…)</source>
        <translation>第 {first}–{last} 条（正在统计此期间…）</translation>
    </message>
    <message>
        <source>Entries {first}–{last} of {total}</source>
        <translation>第 {first}–{last} 条，共 {total} 条</translation>
    </message>
    <message>
        <source>No entries listed for this period.</source>
        <translation>此期间没有逐条列出的条目。</translation>
    </message>
    <message>
        <source>(content removed with the destruction)</source>
        <translation>（内容已随销毁清除）</translation>
    </message>
    <message>
        <source>Electronic signature</source>
        <translation>电子签名</translation>
    </message>
    <message>
        <source>Meaning: the audit trail of this period was reviewed. Enter your password again:</source>
        <translation>含义：已审核本期审计追踪。请再次输入您的密码：</translation>
    </message>
    <message>
        <source>Signed the audit-trail review of {date_from} to {date_to}.</source>
        <translation>已签名记录 {date_from} 至 {date_to} 的审计追踪审核。</translation>
    </message>
    <message>
        <source>Backup and restore</source>
        <translation>备份与恢复</translation>
    </message>
    <message>
        <source>Back up now</source>
        <translation>立即备份</translation>
    </message>
    <message>
        <source>Restore the selected backup…</source>
        <translation>恢复所选备份…</translation>
    </message>
    <message>
        <source>Restore from a file…</source>
        <translation>从文件恢复…</translation>
    </message>
    <message>
        <source>Backup folder: {folder}; keeping the last {keep}; last backup: {last}</source>
        <translation>备份文件夹：{folder}；保留最近 {keep} 份；上次备份：{last}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Backed up to {path} (SHA-256 {sha256}…)</source>
        <translation>已备份到 {path}（SHA-256 {sha256}…）</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Select a backup in the list first.</source>
        <translation>请先在列表中选择一个备份。</translation>
    </message>
    <message>
        <source>Choose a backup file</source>
        <translation>选择备份文件</translation>
    </message>
    <message>
        <source>Replace the current data with the backup {name}?
The backup is verified first and the current data is kept aside. Log in again afterwards.</source>
        <translation>用备份 {name} 替换当前数据？
先校验备份；当前数据会另存一份。恢复后请重新登录。</translation>
    </message>
    <message>
        <source>Restored. The data before the restore is kept in {aside}. Restart QA Desk.</source>
        <translation>已恢复。恢复前的数据保存在 {aside}。请重新启动 QA Desk。</translation>
    </message>
    <message>
        <source>Verifying and restoring…</source>
        <translation>正在校验并恢复…</translation>
    </message>
    <message>
        <source>Restore this file of another installation anyway? Its users, keys and records replace this installation&apos;s; the decision and its reason are recorded in the audit trail.</source>
        <translation>仍要恢复这个来自另一安装的文件吗？它的用户、密钥和记录将取代本安装的；这一决定及其理由将记入审计追踪。</translation>
    </message>
    <message>
        <source>Restore it (administrator&apos;s decision)…</source>
        <translation>恢复（系统管理员的决定）…</translation>
    </message>
    <message>
        <source>Why is another installation&apos;s file restored?</source>
        <translation>为什么要恢复另一安装的文件？</translation>
    </message>
    <message>
        <source>PDF files cannot be shown inside QA Desk on this computer (the Qt PDF module is not installed: {reason}). The file was opened in the system&apos;s viewer instead.</source>
        <translation>本机的 QA Desk 无法在程序内显示 PDF 文件（未安装 Qt PDF 模块：{reason}），已改用系统的查看程序打开该文件。</translation>
    </message>
    <message>
        <source>Attachment: {name}</source>
        <translation>附件：{name}</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>Open in the system viewer</source>
        <translation>用系统程序打开</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>QA Desk could not read this PDF ({name}); it was opened in the system&apos;s viewer.</source>
        <translation>QA Desk 无法读取此 PDF（{name}），已改用系统的查看程序打开。</translation>
    </message>
    <message>
        <source>Daily backup…</source>
        <translation>每日自动备份…</translation>
    </message>
    <message>
        <source>Backing up before exit…</source>
        <translation>退出前备份…</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Not classified</source>
        <translation>未分类</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>due soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>met</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>met late</source>
        <translation>逾期完成</translation>
    </message>
    <message>
        <source>due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source> (calendar unknown {warning})</source>
        <translation>（日历未知 {warning}）</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>接收记录</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Investigation</source>
        <translation>调查</translation>
    </message>
    <message>
        <source>Root cause &amp; risk</source>
        <translation>根本原因与风险</translation>
    </message>
    <message>
        <source>Market action &amp; CAPA</source>
        <translation>市场措施与CAPA</translation>
    </message>
    <message>
        <source>Review &amp; signatures</source>
        <translation>审核与签名</translation>
    </message>
    <message>
        <source>Reply &amp; closure</source>
        <translation>答复与结案</translation>
    </message>
    <message>
        <source>Kept until {date}</source>
        <translation>保存至 {date}</translation>
    </message>
    <message>
        <source>Legal hold: {reason}</source>
        <translation>法律保留：{reason}</translation>
    </message>
    <message>
        <source>Void requested by {who} at {at}: {reason} — waiting for the QA head&apos;s signed approval</source>
        <translation>{who} 于 {at} 申请作废：{reason} —— 等待部长签名批准</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>确认收悉…</translation>
    </message>
    <message>
        <source>Acknowledge this Class I complaint</source>
        <translation>确认知悉此 I 类投诉</translation>
    </message>
    <message>
        <source>Correct the receipt…</source>
        <translation>更正接收记录…</translation>
    </message>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Ask to void…</source>
        <translation>申请作废…</translation>
    </message>
    <message>
        <source>Approve the void (sign)…</source>
        <translation>批准作废（签名）…</translation>
    </message>
    <message>
        <source>Decline the void…</source>
        <translation>不批准作废…</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Imported from the old ledger</source>
        <translation>从旧台帐导入</translation>
    </message>
    <message>
        <source>Ledger number</source>
        <translation>原编号（台帐）</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Handled by (ledger)</source>
        <translation>处理人（台帐）</translation>
    </message>
    <message>
        <source>✓ Saved ({tab}) at {time}</source>
        <translation>✓ 已保存（{tab}），{time}</translation>
    </message>
    <message>
        <source>✓ Saved at {time}</source>
        <translation>✓ 已保存，{time}</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>Changes on these tabs are not saved: {tabs}. Save them?</source>
        <translation>以下标签页的修改尚未保存：{tabs}。是否保存？</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Why is this complaint void? (audited)</source>
        <translation>为什么作废此投诉？（记入审计追踪）</translation>
    </message>
    <message>
        <source>Ask to void</source>
        <translation>申请作废</translation>
    </message>
    <message>
        <source>Why should this complaint be voided? The QA head decides and signs.</source>
        <translation>为什么应作废此投诉？由部长决定并签名。</translation>
    </message>
    <message>
        <source>Decline the void</source>
        <translation>不批准作废</translation>
    </message>
    <message>
        <source>Why is it declined?</source>
        <translation>不批准的理由？</translation>
    </message>
    <message>
        <source>void the complaint</source>
        <translation>作废该投诉</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>投诉渠道</translation>
    </message>
    <message>
        <source>First contact</source>
        <translation>首问负责人</translation>
    </message>
    <message>
        <source>Complainant type</source>
        <translation>投诉人类型</translation>
    </message>
    <message>
        <source>Complainant</source>
        <translation>投诉人</translation>
    </message>
    <message>
        <source>Anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Manufactured</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Where bought</source>
        <translation>购买地点</translation>
    </message>
    <message>
        <source>Storage and use</source>
        <translation>储存、使用经过</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉编号</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>投诉请求</translation>
    </message>
    <message>
        <source>Complaint text</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样品</translation>
    </message>
    <message>
        <source>available</source>
        <translation>有</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Adverse event</source>
        <translation>不良反应/事件</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>确认收悉时间</translation>
    </message>
    <message>
        <source>From the defect type</source>
        <translation>按缺陷类型</translation>
    </message>
    <message>
        <source>From the class</source>
        <translation>按分类</translation>
    </message>
    <message>
        <source>Investigate</source>
        <translation>需要调查</translation>
    </message>
    <message>
        <source>Reportable to an authority</source>
        <translation>需向监管部门报告</translation>
    </message>
    <message>
        <source>Reason for the change (required, audited)</source>
        <translation>修改理由（必填，记入审计追踪）</translation>
    </message>
    <message>
        <source>Nature</source>
        <translation>投诉性质</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>投诉类别</translation>
    </message>
    <message>
        <source>Defect type</source>
        <translation>缺陷类型</translation>
    </message>
    <message>
        <source>Class (override)</source>
        <translation>严重程度（覆盖）</translation>
    </message>
    <message>
        <source>Override reason</source>
        <translation>分类变更理由</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Reportability rationale</source>
        <translation>报告判定依据</translation>
    </message>
    <message>
        <source>Save classification</source>
        <translation>保存分类</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>修改理由</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>保存修改</translation>
    </message>
    <message>
        <source>The status or your role does not allow changes.</source>
        <translation>当前状态或角色不允许修改分类。</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认收悉</translation>
    </message>
    <message>
        <source>How the complainant was told</source>
        <translation>告知投诉人的方式</translation>
    </message>
    <message>
        <source>On hold since</source>
        <translation>暂停自</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batches on hold ({holds})&lt;/h3&gt;&lt;p&gt;Not shipped or sold; lifting a hold needs the QA head&apos;s signature.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;暂停销售的批次（{holds}）&lt;/h3&gt;&lt;p&gt;停止发运和销售；解除需质量保证部部长签名。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Import a complaint ledger</source>
        <translation>导入投诉台帐</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>尚未选择文件</translation>
    </message>
    <message>
        <source>Load map…</source>
        <translation>载入映射…</translation>
    </message>
    <message>
        <source>Save map…</source>
        <translation>保存映射…</translation>
    </message>
    <message>
        <source>File as read</source>
        <translation>读取的文件</translation>
    </message>
    <message>
        <source>What each column of the file is. Recognised headers are chosen already; a highlighted one could mean two fields: choose which. Required fields are marked *.</source>
        <translation>文件中每一列是什么。已认出的列名已选好；高亮的列名可能指两个字段，请选择其一。必填字段标有 *。</translation>
    </message>
    <message>
        <source>Words in the file&apos;s vocabulary columns that the app does not know: say what each means, or leave it and the dry run lists its rows.</source>
        <translation>文件的词表列中系统不认识的值：请逐一指定其含义；不指定的，试运行会列出所在的行。</translation>
    </message>
    <message>
        <source>Dry run report</source>
        <translation>试运行报告</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Columns ({n} to choose)</source>
        <translation>列（{n} 个待选择）</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Values ({n} not known)</source>
        <translation>值（{n} 个不认识）</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>值</translation>
    </message>
    <message>
        <source>The map or the options changed since the dry run: run it again before importing.</source>
        <translation>试运行之后映射或选项已更改：请重新试运行，再导入。</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>No dry run yet: it checks every row and writes nothing.</source>
        <translation>尚未试运行：试运行检查每一行，不写入任何数据。</translation>
    </message>
    <message>
        <source>Check the columns and values, then run the dry run.</source>
        <translation>请核对列和值，然后试运行。</translation>
    </message>
    <message>
        <source>Save the import map</source>
        <translation>保存导入映射</translation>
    </message>
    <message>
        <source>Import map (*.json)</source>
        <translation>导入映射 (*.json)</translation>
    </message>
    <message>
        <source>Map saved to {path}</source>
        <translation>映射已保存到 {path}</translation>
    </message>
    <message>
        <source>Load an import map</source>
        <translation>载入导入映射</translation>
    </message>
    <message>
        <source>Map loaded from {path}</source>
        <translation>已从 {path} 载入映射</translation>
    </message>
    <message>
        <source>The map names no known field for these columns, so they keep their own reading: {headers}</source>
        <translation>映射为下列列指定的字段不存在，这些列按原有方式读取：{headers}</translation>
    </message>
    <message>
        <source>Dry run: checking every row…</source>
        <translation>试运行：正在检查每一行…</translation>
    </message>
    <message>
        <source>Correct the file or the map (columns, values, options) and run the dry run again.</source>
        <translation>请更正文件或映射（列、值、选项），然后重新试运行。</translation>
    </message>
    <message>
        <source>Nothing to import.</source>
        <translation>没有要导入的记录。</translation>
    </message>
    <message>
        <source>Ready: Import writes exactly these records, after you confirm.</source>
        <translation>可以导入：确认后，“导入”将完全按上述结果写入记录。</translation>
    </message>
    <message>
        <source>Import {file} now?

{summary}

Everything is written in one step; nothing is written unless you answer Yes.</source>
        <translation>现在导入 {file}？

{summary}

所有记录一次写入；除非您回答“是”，否则不写入任何数据。</translation>
    </message>
    <message>
        <source>The import was refused; nothing was written.</source>
        <translation>导入被拒绝，未写入任何数据。</translation>
    </message>
    <message>
        <source>Imported {n} (closed history {closed}, open {open}).</source>
        <translation>已导入 {n} 条（已结案的历史记录 {closed} 条，未结 {open} 条）。</translation>
    </message>
    <message>
        <source>Choose a file (.xlsx / .csv)…</source>
        <translation>选择文件（.xlsx / .csv）…</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>前几个值</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source> or </source>
        <translation>或</translation>
    </message>
    <message>
        <source>(choose: {names})</source>
        <translation>（请选择：{names}）</translation>
    </message>
    <message>
        <source>(keep as extra field)</source>
        <translation>（作为附加字段保留）</translation>
    </message>
    <message>
        <source>(leave out)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>This header could mean more than one field: choose which in “Import as”.</source>
        <translation>此列名可能指多个字段：请在“导入为”中选择。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value in the file</source>
        <translation>文件中的值</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>(not recognised: a problem in the dry run)</source>
        <translation>（不认识：试运行中列为问题）</translation>
    </message>
    <message>
        <source>Year first (2025-04-02, 2025/4/2)</source>
        <translation>年在前（2025-04-02、2025/4/2）</translation>
    </message>
    <message>
        <source>Month/day/year (04/02/2025 is 2 April)</source>
        <translation>月/日/年（04/02/2025 为 4 月 2 日）</translation>
    </message>
    <message>
        <source>Day/month/year (04/02/2025 is 4 February)</source>
        <translation>日/月/年（04/02/2025 为 2 月 4 日）</translation>
    </message>
    <message>
        <source>Ask me: stop and list the rows</source>
        <translation>询问我：停止并列出这些行</translation>
    </message>
    <message>
        <source>Keep it as a reference and give a new number</source>
        <translation>保留为原编号参考并分配新编号</translation>
    </message>
    <message>
        <source>Skip the row</source>
        <translation>跳过该行</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Import everything as open</source>
        <translation>全部作为未结投诉导入</translation>
    </message>
    <message>
        <source>Every row comes in as an open complaint with its deadlines; the closed and reply dates are kept as extra fields.</source>
        <translation>每一行都作为未结投诉导入并设置期限；结案日期和答复日期作为附加字段保留。</translation>
    </message>
    <message>
        <source>(none: the file says)</source>
        <translation>（无：以文件为准）</translation>
    </message>
    <message>
        <source>Date order</source>
        <translation>日期顺序</translation>
    </message>
    <message>
        <source>When a number is already used</source>
        <translation>编号已被使用时</translation>
    </message>
    <message>
        <source>Channel for rows without one</source>
        <translation>无渠道的行使用的渠道</translation>
    </message>
    <message>
        <source>skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Choose a file to see its rows as they will be read.</source>
        <translation>选择文件后，这里按读取结果显示其各行。</translation>
    </message>
    <message>
        <source>Rows the reader skips (not errors):</source>
        <translation>读取时跳过的行（不是错误）：</translation>
    </message>
    <message>
        <source>Header in row {row}; {n} data row(s); the first {shown} below, numbered as in the sheet.</source>
        <translation>表头在第 {row} 行；数据 {n} 行；下面显示前 {shown} 行，行号与工作表一致。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Comes in as</source>
        <translation>导入后</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Click a line to read it whole; a row&apos;s line also selects the row in the table.</source>
        <translation>单击一行可查看全文；单击某行的条目还会在下表中选中该行。</translation>
    </message>
    <message>
        <source>{title} — {n} row(s)</source>
        <translation>{title} — {n} 行</translation>
    </message>
    <message>
        <source>Row {row}: {problems}</source>
        <translation>第 {row} 行：{problems}</translation>
    </message>
    <message>
        <source>… and {n} more row(s): see the table below</source>
        <translation>… 另有 {n} 行：见下表</translation>
    </message>
    <message>
        <source>Columns not imported as fields ({n})</source>
        <translation>未作为字段导入的列（{n}）</translation>
    </message>
    <message>
        <source>Row {row}: skipped {number} ({why})</source>
        <translation>第 {row} 行：跳过 {number}（{why}）</translation>
    </message>
    <message>
        <source>Rows skipped ({n})</source>
        <translation>跳过的行（{n}）</translation>
    </message>
    <message>
        <source>{status} (history)</source>
        <translation>{status}（历史记录）</translation>
    </message>
    <message>
        <source>open ({status})</source>
        <translation>未结（{status}）</translation>
    </message>
    <message>
        <source>Dry run (writes nothing)</source>
        <translation>试运行（不写入）</translation>
    </message>
    <message>
        <source>Filter by product, strength or batch</source>
        <translation>按产品、规格或批号筛选</translation>
    </message>
    <message>
        <source>Add batch…</source>
        <translation>新增批次…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Batch register ({total})&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;批次登记（{total}）&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Product, batch, dates and the quantity released: the denominators of the complaint rates. The intake wizard completes the dates from here.&lt;/p&gt;</source>
        <translation>&lt;p&gt;产品、批号、日期和放行数量：投诉率的分母。投诉登记向导据此填入生产日期和有效期。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Showing {shown} of {total}.&lt;/p&gt;</source>
        <translation>&lt;p&gt;显示 {total} 个中的 {shown} 个。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Imported {file}: {summary}</source>
        <translation>已导入 {file}：{summary}</translation>
    </message>
    <message>
        <source>Import batches</source>
        <translation>导入批次</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Change batch</source>
        <translation>修改批次</translation>
    </message>
    <message>
        <source>Add batch</source>
        <translation>新增批次</translation>
    </message>
    <message>
        <source>Required when a saved value changes; kept in the audit trail</source>
        <translation>修改已保存的内容时必填；记入审计追踪</translation>
    </message>
    <message>
        <source>Save</source>
        <comment>batch</comment>
        <translation>保存</translation>
    </message>
    <message>
        <source>Year first only (2025-03-18)</source>
        <translation>仅年份在前（2025-03-18）</translation>
    </message>
    <message>
        <source>Day/month/year (18/03/2025)</source>
        <translation>日/月/年（18/03/2025）</translation>
    </message>
    <message>
        <source>Month/day/year (03/18/2025)</source>
        <translation>月/日/年（03/18/2025）</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>文件：{name}</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>确认导入</translation>
    </message>
    <message>
        <source>Dates such as 04/02/2025</source>
        <translation>04/02/2025 这类日期</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>试运行</translation>
    </message>
    <message>
        <source>Dry run: {summary}. Nothing has been written.</source>
        <translation>试运行：{summary}。尚未写入任何数据。</translation>
    </message>
    <message>
        <source>Correct the rows listed below in the file and choose it again: a file with a refused row is not imported at all.</source>
        <translation>请在文件中改正下列各行后重新选择该文件：只要有一行有问题，整个文件都不会导入。</translation>
    </message>
    <message>
        <source>Importing batches</source>
        <translation>正在导入批次</translation>
    </message>
    <message>
        <source>Choose the ledger</source>
        <translation>选择台帐</translation>
    </message>
    <message>
        <source>create</source>
        <translation>将新建</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>有问题</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>Receiver</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>First-contact person (if different)</source>
        <translation>首问负责人（如与接收人不同）</translation>
    </message>
    <message>
        <source>The complainant was told we received it</source>
        <translation>已告知投诉人已收到（确认收悉）</translation>
    </message>
    <message>
        <source>(how)</source>
        <translation>（方式）</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Receipt</source>
        <comment>wizard page</comment>
        <translation>接收信息</translation>
    </message>
    <message>
        <source>How</source>
        <comment>acknowledgement</comment>
        <translation>确认方式</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>投诉人类型</translation>
    </message>
    <message>
        <source>Anonymous (no reply owed)</source>
        <translation>匿名投诉（无需答复）</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Package form</source>
        <translation>包装形式</translation>
    </message>
    <message>
        <source>unit (box, bottle…)</source>
        <translation>单位（盒、瓶…）</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Purchase date</source>
        <translation>购买日期</translation>
    </message>
    <message>
        <source>Last 12 months: {same_batch} on this batch, {rows} on this product</source>
        <translation>近12个月相关投诉：同批 {same_batch} 条，同品种 {rows} 条</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>同批</translation>
    </message>
    <message>
        <source>product</source>
        <translation>同品种</translation>
    </message>
    <message>
        <source>The complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <source>Complaint (the complainant&apos;s words)</source>
        <translation>投诉内容（投诉人原话）</translation>
    </message>
    <message>
        <source>What the complainant asks for</source>
        <translation>投诉请求</translation>
    </message>
    <message>
        <source>How it was stored and used</source>
        <translation>储存、使用经过</translation>
    </message>
    <message>
        <source>Sample available</source>
        <translation>有样品</translation>
    </message>
    <message>
        <source>Sample requested</source>
        <translation>已索要样品</translation>
    </message>
    <message>
        <source>Adverse reaction/event occurred</source>
        <translation>发生不良反应/不良事件</translation>
    </message>
    <message>
        <source>Add attachment (photo, scan)…</source>
        <translation>添加附件（照片、扫描件）…</translation>
    </message>
    <message>
        <source>Attachments (drop files here)</source>
        <translation>附件（可拖放文件到此处）</translation>
    </message>
    <message>
        <source>Remove the selected attachment</source>
        <translation>移除所选附件</translation>
    </message>
    <message>
        <source>Choose attachments</source>
        <translation>选择附件</translation>
    </message>
    <message>
        <source>Initial check</source>
        <translation>初步确认</translation>
    </message>
    <message>
        <source>Our product, within expiry/responsibility (in scope)</source>
        <translation>属于本公司产品且在责任期内（在范围内）</translation>
    </message>
    <message>
        <source>Why out of scope</source>
        <translation>不在范围的原因</translation>
    </message>
    <message>
        <source>Possible duplicates (same batch or product, similar text, last 30 days): tick to link, leave unticked to dismiss</source>
        <translation>可能重复的投诉（近30天同批或同品种、内容相似）：勾选即关联，不勾选即忽略</translation>
    </message>
    <message>
        <source>The QA inspector checks for duplicates when classifying the complaint.</source>
        <translation>质检员在分类时检查是否有重复投诉。</translation>
    </message>
    <message>
        <source>similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>No possible duplicates found.</source>
        <translation>没有发现可能重复的投诉。</translation>
    </message>
    <message>
        <source>Suggested class</source>
        <translation>建议分类</translation>
    </message>
    <message>
        <source>Use the suggested class</source>
        <translation>采用建议分类</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Written reason for another class</source>
        <translation>变更分类的书面理由</translation>
    </message>
    <message>
        <source>Reason for a lower priority</source>
        <translation>降低优先级的理由</translation>
    </message>
    <message>
        <source>Why not investigate</source>
        <translation>不调查的原因</translation>
    </message>
    <message>
        <source>Report type</source>
        <translation>报告类型</translation>
    </message>
    <message>
        <source>How reportability was decided</source>
        <translation>报告判定依据</translation>
    </message>
    <message>
        <source>shown once a defect type is chosen</source>
        <translation>选择缺陷类型后显示</translation>
    </message>
    <message>
        <source>Class I: on saving, the QA head and the quality VP are told at once and it stays pinned until both acknowledge; a recall decision is required.</source>
        <translation>I 类：保存后立即通知质量保证部部长和质量副总，在其确认知悉前置顶显示；必须作出召回决定。</translation>
    </message>
    <message>
        <source>Check and save</source>
        <translation>核对并保存</translation>
    </message>
    <message>
        <source>Linked to</source>
        <translation>关联投诉</translation>
    </message>
    <message>
        <source>{label} (suggested)</source>
        <translation>{label}（建议分类）</translation>
    </message>
    <message>
        <source>{label} (from the class)</source>
        <translation>{label}（按分类）</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>the file cannot be read</source>
        <translation>文件无法读取</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Register a complaint</source>
        <translation>登记投诉</translation>
    </message>
    <message>
        <source>Next &gt;</source>
        <translation>下一步 &gt;</translation>
    </message>
    <message>
        <source>&lt; Back</source>
        <translation>&lt; 上一步</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存登记</translation>
    </message>
    <message>
        <source>A registration was not finished. Continue with its draft?</source>
        <translation>有一份未完成的登记。继续使用其草稿吗？</translation>
    </message>
    <message>
        <source>Continue the draft</source>
        <translation>继续草稿</translation>
    </message>
    <message>
        <source>Discard the draft and start anew</source>
        <translation>放弃草稿，重新登记</translation>
    </message>
    <message>
        <source>Leave the registration</source>
        <translation>离开登记</translation>
    </message>
    <message>
        <source>This complaint is not saved yet. Keep what you typed as a draft to continue later, or discard it?</source>
        <translation>该投诉尚未保存。将已填写的内容保留为草稿以便稍后继续，还是放弃？</translation>
    </message>
    <message>
        <source>Keep the draft</source>
        <translation>保留草稿</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Continue typing</source>
        <translation>继续填写</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Unfinished registration</source>
        <translation>未完成的登记</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>QA Desk locked itself after idle time ({display_name}). Enter the password to unlock, or log in as another user (this user is logged out).</source>
        <translation>QA Desk 因空闲已锁定（{display_name}）。请输入密码解锁，或由其他用户登录（当前用户将被注销）。</translation>
    </message>
    <message>
        <source>QA Desk — log in</source>
        <translation>QA Desk 登录</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>&lt;h2&gt;QA Desk&lt;/h2&gt;&lt;p&gt;Quality assurance · product complaints&lt;/p&gt;</source>
        <translation>&lt;h2&gt;QA Desk 投诉管理&lt;/h2&gt;&lt;p&gt;质量保证部 · 产品投诉处理&lt;/p&gt;</translation>
    </message>
    <message>
        <source>First run: create the administrator</source>
        <translation>首次运行：创建系统管理员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>This is a new database. First create its administrator (user name admin), who manages the accounts, roles and settings. The administrator account cannot sign records or handle complaints. Next, the administrator creates the office&apos;s users (inspectors, QA head, quality VP, reception): each gets a temporary password and must choose their own at the first login.</source>
        <translation>这是一个新数据库。首先创建系统管理员（用户名 admin），负责管理账户、角色和设置。系统管理员账户不能签署记录，也不能处理投诉。接着，由系统管理员创建部门的用户（质检员、QA 部长、质量副总、前台）：每人获得一个临时密码，并须在首次登录时设置自己的密码。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>QA Desk</source>
        <translation>QA Desk 投诉管理</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>分诊</translation>
    </message>
    <message>
        <source>My tasks</source>
        <translation>我的待办</translation>
    </message>
    <message>
        <source>Batches on hold</source>
        <translation>暂停销售批次</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>归档</translation>
    </message>
    <message>
        <source>My registrations</source>
        <translation>我登记的投诉</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记台帐</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>保存与销毁</translation>
    </message>
    <message>
        <source>Audit-trail review</source>
        <translation>审计追踪审核</translation>
    </message>
    <message>
        <source>Trends</source>
        <translation>统计趋势</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Batch register</source>
        <translation>批次登记</translation>
    </message>
    <message>
        <source>New complaint…</source>
        <translation>登记投诉…</translation>
    </message>
    <message>
        <source>Print blank receipt form</source>
        <translation>打印空白接收记录表</translation>
    </message>
    <message>
        <source>Backup…</source>
        <translation>备份…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Scan for signals</source>
        <translation>扫描预警信号</translation>
    </message>
    <message>
        <source>Periodic reviews…</source>
        <translation>定期审核…</translation>
    </message>
    <message>
        <source>Months and channels</source>
        <translation>月度与渠道</translation>
    </message>
    <message>
        <source>Causes and products</source>
        <translation>原因与产品</translation>
    </message>
    <message>
        <source>Batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Per 10,000 units released</source>
        <translation>每万单位放行量投诉数</translation>
    </message>
    <message>
        <source>The batches with the most complaints in the period; the rate where the batch register knows the quantity released. Double-click a batch to see its complaints.</source>
        <translation>本期投诉最多的批次；批次登记中有放行数量的，同时给出投诉率。双击某一批次可查看其投诉。</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>预警信号</translation>
    </message>
    <message>
        <source>Batch / month</source>
        <translation>批号 / 月份</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>发出时间</translation>
    </message>
    <message>
        <source>Due / decided</source>
        <translation>期限 / 决定时间</translation>
    </message>
    <message>
        <source>Show its complaints</source>
        <translation>查看相关投诉</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>决定…</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>The figures could not be read: {message}</source>
        <translation>无法读取统计数据：{message}</translation>
    </message>
    <message>
        <source>{total} complaints in the period · figures computed in {seconds:.2f} s · {open} open signals</source>
        <translation>本期投诉 {total} 起 · 统计用时 {seconds:.2f} 秒 · 待决定预警信号 {open} 条</translation>
    </message>
    <message>
        <source>Not decided</source>
        <translation>待决定</translation>
    </message>
    <message>
        <source>Signals ({open} open)</source>
        <translation>预警信号（{open} 条待决定）</translation>
    </message>
    <message>
        <source>No signal selected.</source>
        <translation>未选择预警信号。</translation>
    </message>
    <message>
        <source>Scan done: {raised} new signals, {extended} grown.</source>
        <translation>扫描完成：新增预警信号 {raised} 条，扩展 {extended} 条。</translation>
    </message>
    <message>
        <source>Scanning for signals…</source>
        <translation>正在扫描预警信号…</translation>
    </message>
    <message>
        <source>No complaint is counted there.</source>
        <translation>该处没有计入任何投诉。</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <source>My signing key…</source>
        <translation>我的签名密钥…</translation>
    </message>
    <message>
        <source>Language: {label}</source>
        <translation>界面语言：{label}</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Your signing key&apos;s fingerprint:</source>
        <translation>您的签名密钥指纹：</translation>
    </message>
    <message>
        <source>This login holds no signing key yet: it is made at your next login once an administrator has logged in after the upgrade.</source>
        <translation>此次登录尚无签名密钥：升级后系统管理员登录过一次之后，您下次登录时即会生成。</translation>
    </message>
    <message>
        <source>My signing key</source>
        <translation>我的签名密钥</translation>
    </message>
    <message>
        <source>Registered {number}</source>
        <translation>已登记 {number}</translation>
    </message>
    <message>
        <source>Complaint registered</source>
        <translation>投诉已登记</translation>
    </message>
    <message>
        <source>Complaint {number} is registered. What next?</source>
        <translation>投诉 {number} 已登记。接下来？</translation>
    </message>
    <message>
        <source>Open it</source>
        <translation>打开该投诉</translation>
    </message>
    <message>
        <source>Print the receipt record…</source>
        <translation>打印接收记录…</translation>
    </message>
    <message>
        <source>Register the next one</source>
        <translation>登记下一条</translation>
    </message>
    <message>
        <source>User: </source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Database: </source>
        <translation>数据库：</translation>
    </message>
    <message>
        <source>Overdue: …</source>
        <translation>逾期事项：…</translation>
    </message>
    <message>
        <source>Overdue: {overdue}</source>
        <translation>逾期事项：{overdue}</translation>
    </message>
    <message>
        <source>  Overdue CAPA: {capa}</source>
        <translation>  逾期 CAPA：{capa}</translation>
    </message>
    <message>
        <source>The data was restored. QA Desk closes now; start it and log in again.</source>
        <translation>数据已恢复。QA Desk 将关闭，请重新启动并登录。</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>{display_name}, your password is temporary or has expired: choose your own password now. Nothing else is possible until you do.</source>
        <translation>{display_name}，您的密码是临时密码或已过期：请立即设置您自己的密码。在此之前不能进行其他任何操作。</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>Temporary or current password</source>
        <translation>临时密码或当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
    <message>
        <source>Receipt record</source>
        <translation>投诉信息接收记录</translation>
    </message>
    <message>
        <source>Investigation record</source>
        <translation>投诉判断、调查记录</translation>
    </message>
    <message>
        <source>Risk, CAPA and change record</source>
        <translation>风险评估、CAPA、流程变更记录</translation>
    </message>
    <message>
        <source>Reply letter</source>
        <translation>答复函</translation>
    </message>
    <message>
        <source>Batch hold notice</source>
        <translation>暂停销售通知</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <source>Select complaints in the table first.</source>
        <translation>请先在表中选择投诉。</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>Printing {ids} records…</source>
        <translation>正在打印 {ids} 份记录…</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Complaint register&lt;/h3&gt;&lt;p&gt;Export to Excel (personal data masked by default) or print; import an old ledger.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;用户投诉登记台帐&lt;/h3&gt;&lt;p&gt;导出为 Excel（默认屏蔽个人信息）或打印；导入旧台帐。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>By received date</source>
        <translation>按接收日期</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>e.g. I,II (empty: all)</source>
        <translation>如 I,II（空为全部）</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Show personal data (QA roles only, audited)</source>
        <translation>显示个人信息（仅 QA 角色，记入审计）</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Print the register (PDF)…</source>
        <translation>打印台帐（PDF）…</translation>
    </message>
    <message>
        <source>Blank receipt form (PDF)</source>
        <translation>空白接收记录表（PDF）</translation>
    </message>
    <message>
        <source>Import a ledger…</source>
        <translation>导入旧台帐…</translation>
    </message>
    <message>
        <source>Export the register</source>
        <translation>导出台帐</translation>
    </message>
    <message>
        <source>Exported {rows} to {out} (SHA-256 {sha256})</source>
        <translation>已导出 {rows} 条到 {out}（SHA-256 {sha256}）</translation>
    </message>
    <message>
        <source>Exporting the register…</source>
        <translation>正在导出台帐…</translation>
    </message>
    <message>
        <source>Print the register</source>
        <translation>打印台帐</translation>
    </message>
    <message>
        <source>Wrote {path}</source>
        <translation>已生成 {path}</translation>
    </message>
    <message>
        <source>Writing the register PDF…</source>
        <translation>正在生成台帐 PDF…</translation>
    </message>
    <message>
        <source>Wrote {out}</source>
        <translation>已生成 {out}</translation>
    </message>
    <message>
        <source>Complaint no.</source>
        <translation>投诉编号</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>结案日期</translation>
    </message>
    <message>
        <source>Retained until</source>
        <translation>保存期限至</translation>
    </message>
    <message>
        <source>Legal hold</source>
        <translation>法律保留</translation>
    </message>
    <message>
        <source>Only records past retention</source>
        <translation>只看已过保存期限的</translation>
    </message>
    <message>
        <source>Legal hold…</source>
        <translation>设置法律保留…</translation>
    </message>
    <message>
        <source>Destroy (quality VP signs)…</source>
        <translation>销毁（质量副总签名）…</translation>
    </message>
    <message>
        <source>Destruction certificate</source>
        <translation>销毁证明</translation>
    </message>
    <message>
        <source>Package the selected record…</source>
        <translation>打包所选记录…</translation>
    </message>
    <message>
        <source>Package the year…</source>
        <translation>打包整年…</translation>
    </message>
    <message>
        <source>yes: {legal_hold_reason}</source>
        <translation>是：{legal_hold_reason}</translation>
    </message>
    <message>
        <source>&lt; Previous</source>
        <translation>&lt; 上一页</translation>
    </message>
    <message>
        <source>Next page &gt;</source>
        <translation>下一页 &gt;</translation>
    </message>
    <message>
        <source>Records {first}–{last} of {total}</source>
        <translation>第 {first}–{last} 条，共 {total} 条</translation>
    </message>
    <message>
        <source>Select a record in the table first.</source>
        <translation>请先在表中选择一条记录。</translation>
    </message>
    <message>
        <source>Reason (setting or lifting):</source>
        <translation>理由（设置或解除）：</translation>
    </message>
    <message>
        <source>Destroy</source>
        <translation>销毁</translation>
    </message>
    <message>
        <source>Reason for destroying {number}:</source>
        <translation>销毁 {number} 的理由：</translation>
    </message>
    <message>
        <source>Meaning: destruction of {number} approved (the record and attachments are deleted for good).
Enter your password again:</source>
        <translation>含义：批准销毁 {number}（记录与附件将被删除，不可恢复）。
请再次输入您的密码：</translation>
    </message>
    <message>
        <source>{number} destroyed and logged.</source>
        <translation>已销毁 {number}，已记入销毁记录。</translation>
    </message>
    <message>
        <source>Save the archive package</source>
        <translation>保存归档包</translation>
    </message>
    <message>
        <source>Wrote {out}: {complaints} complaints, {files} files</source>
        <translation>已生成 {out}：{complaints} 条，{files} 个文件</translation>
    </message>
    <message>
        <source>Packaging…</source>
        <translation>正在打包…</translation>
    </message>
    <message>
        <source>propose the conclusion for review</source>
        <translation>提出调查结论，提交审核</translation>
    </message>
    <message>
        <source>Choose logo…</source>
        <translation>选择标志…</translation>
    </message>
    <message>
        <source>Remove logo</source>
        <translation>移除标志</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>(no logo)</source>
        <translation>（无标志）</translation>
    </message>
    <message>
        <source>Saved ({changed} changed).</source>
        <translation>已保存（{changed} 项更改）。</translation>
    </message>
    <message>
        <source>The settings were not saved.</source>
        <translation>设置未保存。</translation>
    </message>
    <message>
        <source>Choose the company logo</source>
        <translation>选择公司标志</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Passed to</source>
        <translation>转交给</translation>
    </message>
    <message>
        <source>&lt;h3&gt;My registrations ({rows})&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;我登记的投诉（{rows}）&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>QA office</source>
        <translation>质量保证部</translation>
    </message>
    <message>
        <source>Product / batch</source>
        <translation>产品/批号</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <source>Root-cause category</source>
        <translation>根本原因类别</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Market action</source>
        <translation>市场措施</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <source>{decided} of {checklist} items decided</source>
        <translation>{decided}/{checklist} 项已判定</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <source>Your user name (first signature of this login)</source>
        <translation>您的用户名（本次登录的第一个签名）</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Meaning of this signature: &lt;b&gt;{meaning}&lt;/b&gt; ({action})</source>
        <translation>签名含义：&lt;b&gt;{meaning}&lt;/b&gt;（{action}）</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>签名人</translation>
    </message>
    <message>
        <source>Enter your password again</source>
        <translation>请再次输入密码</translation>
    </message>
    <message>
        <source>Monthly review of the register {month}</source>
        <translation>登记台帐月度审核 {month}</translation>
    </message>
    <message>
        <source>Product quality review (complaints) {product} {year}</source>
        <translation>产品质量回顾（投诉部分）{product} {year} 年</translation>
    </message>
    <message>
        <source>Content now (SHA-256)</source>
        <translation>当前内容（SHA-256）</translation>
    </message>
    <message>
        <source>Review record</source>
        <translation>审核记录</translation>
    </message>
    <message>
        <source>Not yet created: it is created when the QA head opens it to sign.</source>
        <translation>尚未建立：质量部长打开签名时建立。</translation>
    </message>
    <message>
        <source>Created {at}</source>
        <translation>建立于 {at}</translation>
    </message>
    <message>
        <source>QA head</source>
        <translation>质量部长</translation>
    </message>
    <message>
        <source>Quality VP</source>
        <translation>质量副总</translation>
    </message>
    <message>
        <source>Not yet signed</source>
        <translation>尚未签名</translation>
    </message>
    <message>
        <source>Signed by {name} at {at}</source>
        <translation>{name} 签名于 {at}</translation>
    </message>
    <message>
        <source>Content signed (SHA-256)</source>
        <translation>签名时内容（SHA-256）</translation>
    </message>
    <message>
        <source>Changed since signing</source>
        <translation>签名后是否有变化</translation>
    </message>
    <message>
        <source>The figures changed after the review was signed; sections: {sections}. The signatures cover the content as reviewed.</source>
        <translation>审核签名后数据已有变化；变化部分：{sections}。签名所涵盖的是审核时的内容。</translation>
    </message>
    <message>
        <source>No: the figures are the ones reviewed.</source>
        <translation>无：数据即审核时的数据。</translation>
    </message>
    <message>
        <source>Your role may not give this signature.</source>
        <translation>您的角色不能进行此签名。</translation>
    </message>
    <message>
        <source>Reading the review…</source>
        <translation>正在读取审核…</translation>
    </message>
    <message>
        <source>The period {period} is not over yet: the QA head signs the review after it ends (printing is not limited).</source>
        <translation>审核期间 {period} 尚未结束：期末之后质量部长才能签名审核（打印不受限制）。</translation>
    </message>
    <message>
        <source>The review was signed as reviewed at {at}; it is signed once.</source>
        <translation>本审核已于 {at} 签名审核；只能签名一次。</translation>
    </message>
    <message>
        <source>The QA head has not signed this review yet; the quality VP acknowledges it after that.</source>
        <translation>质量部长尚未签名审核；质量受权人须在其审核后确认知悉。</translation>
    </message>
    <message>
        <source>The quality VP acknowledged the review at {at}.</source>
        <translation>质量受权人已于 {at} 确认知悉。</translation>
    </message>
    <message>
        <source>You signed this review as QA head: another person acknowledges it as authorised person (segregation of duties).</source>
        <translation>您已作为质量部长签名审核本审核：须由另一人作为质量受权人确认知悉（职责分离）。</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Sign as QA head</source>
        <translation>质量部长签名审核</translation>
    </message>
    <message>
        <source>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. It covers the review&apos;s content as shown above (SHA-256 {digest}) and the audit chain head at this moment.</source>
        <translation>您的签名含义：&lt;b&gt;{meaning}&lt;/b&gt;。签名涵盖上方所示的审核内容（SHA-256 {digest}）及此刻的审计链头。</translation>
    </message>
    <message>
        <source>Acknowledge as quality VP</source>
        <translation>质量受权人确认知悉</translation>
    </message>
    <message>
        <source>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. As authorised person you acknowledge having been informed of the review as the QA head signed it.</source>
        <translation>您的签名含义：&lt;b&gt;{meaning}&lt;/b&gt;。您作为质量受权人确认已知悉质量部长所签名的审核。</translation>
    </message>
    <message>
        <source>Nothing was signed.</source>
        <translation>未签名。</translation>
    </message>
    <message>
        <source>What you sign (the signature is bound to this content&apos;s hash; any later change shows it as invalid):</source>
        <translation>您签署的内容（签名将与此内容的哈希绑定，之后任何修改都会使签名失效）：</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Effectiveness</source>
        <translation>有效性验证</translation>
    </message>
    <message>
        <source>Change control</source>
        <translation>变更控制</translation>
    </message>
    <message>
        <source>(recall level)</source>
        <translation>（召回级别）</translation>
    </message>
    <message>
        <source>Class I without recall: the reason</source>
        <translation>I 类不召回时必须写明理由</translation>
    </message>
    <message>
        <source>Save market action</source>
        <translation>保存市场措施</translation>
    </message>
    <message>
        <source>Regulatory report</source>
        <translation>监管报告</translation>
    </message>
    <message>
        <source>reported {value}</source>
        <translation>已于 {value} 报告</translation>
    </message>
    <message>
        <source>not reported yet</source>
        <translation>尚未报告</translation>
    </message>
    <message>
        <source>to {authority}, reference {reference}</source>
        <translation>报送 {authority}，编号 {reference}</translation>
    </message>
    <message>
        <source>Record the report as made…</source>
        <translation>记录已报告…</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Batch holds</source>
        <translation>暂停销售</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Lifted</source>
        <translation>解除</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>暂停中</translation>
    </message>
    <message>
        <source>lifted</source>
        <translation>已解除</translation>
    </message>
    <message>
        <source>Lift the hold (QA head signature)…</source>
        <translation>解除暂停销售（部长签名）…</translation>
    </message>
    <message>
        <source>Corrective and preventive actions (CAPA)</source>
        <translation>纠正和预防措施（CAPA）</translation>
    </message>
    <message>
        <source>corrective</source>
        <translation>纠正</translation>
    </message>
    <message>
        <source>preventive</source>
        <translation>预防</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <source>Hand over…</source>
        <translation>移交 CAPA 系统…</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>取消…</translation>
    </message>
    <message>
        <source>Correct the selected CAPA action, with a reason (until the complaint is approved)</source>
        <translation>更正所选的 CAPA 措施，须说明理由（投诉批准前）</translation>
    </message>
    <message>
        <source>Verify effectiveness…</source>
        <translation>验证有效性…</translation>
    </message>
    <message>
        <source>(a named person)</source>
        <translation>（指定人员，非系统账户）</translation>
    </message>
    <message>
        <source>Corrective</source>
        <translation>纠正措施</translation>
    </message>
    <message>
        <source>Preventive</source>
        <translation>预防措施</translation>
    </message>
    <message>
        <source>Correct CAPA {ref}</source>
        <translation>更正 CAPA {ref}</translation>
    </message>
    <message>
        <source>When it happened</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>保管人</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>样品状况</translation>
    </message>
    <message>
        <source>Seal no.</source>
        <translation>封签号</translation>
    </message>
    <message>
        <source>Correct a custody step</source>
        <translation>更正样品交接记录</translation>
    </message>
    <message>
        <source>When the reply was given</source>
        <translation>答复时间</translation>
    </message>
    <message>
        <source>Correct a reply</source>
        <translation>更正答复</translation>
    </message>
    <message>
        <source>Correct the regulatory report</source>
        <translation>更正监管报告记录</translation>
    </message>
    <message>
        <source>change-control number, if one is needed</source>
        <translation>需要变更控制时填写编号</translation>
    </message>
    <message>
        <source>Add CAPA</source>
        <translation>添加 CAPA</translation>
    </message>
    <message>
        <source>department</source>
        <translation>责任部门</translation>
    </message>
    <message>
        <source>owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>what will be done</source>
        <translation>措施内容</translation>
    </message>
    <message>
        <source>New CAPA</source>
        <translation>新 CAPA</translation>
    </message>
    <message>
        <source>Select a CAPA action in the table first.</source>
        <translation>请先在表中选择一项 CAPA。</translation>
    </message>
    <message>
        <source>Note (tracked CAPA number or reason)</source>
        <translation>说明（CAPA 系统编号或取消理由）</translation>
    </message>
    <message>
        <source>Effectiveness verified: how</source>
        <translation>有效性验证结论</translation>
    </message>
    <message>
        <source>Lift the hold</source>
        <translation>解除暂停销售</translation>
    </message>
    <message>
        <source>Reason for lifting</source>
        <translation>解除理由</translation>
    </message>
    <message>
        <source>lift the batch hold</source>
        <translation>解除该批暂停销售</translation>
    </message>
    <message>
        <source>Why {i}</source>
        <translation>为什么 {i}</translation>
    </message>
    <message>
        <source>separate causes with &apos;;&apos;</source>
        <translation>多个原因以“；”分隔</translation>
    </message>
    <message>
        <source>Fishbone · {category}</source>
        <translation>鱼骨图 · {category}</translation>
    </message>
    <message>
        <source>(category)</source>
        <translation>（类别）</translation>
    </message>
    <message>
        <source>(conclusion)</source>
        <translation>（结论）</translation>
    </message>
    <message>
        <source>Conclusion note</source>
        <translation>结论说明</translation>
    </message>
    <message>
        <source>(severity)</source>
        <translation>（严重性）</translation>
    </message>
    <message>
        <source>(likelihood)</source>
        <translation>（可能性）</translation>
    </message>
    <message>
        <source>Risk: severity</source>
        <translation>风险：严重性</translation>
    </message>
    <message>
        <source>Risk: likelihood of recurrence</source>
        <translation>风险：再发生可能性</translation>
    </message>
    <message>
        <source>Scope: units</source>
        <translation>影响范围：数量</translation>
    </message>
    <message>
        <source>Scope: batches</source>
        <translation>影响范围：批次</translation>
    </message>
    <message>
        <source>Risk note</source>
        <translation>风险说明</translation>
    </message>
    <message>
        <source>Save root cause and risk</source>
        <translation>保存根本原因与风险评估</translation>
    </message>
    <message>
        <source>Start the investigation</source>
        <translation>开始调查</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审查人</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>(not decided)</source>
        <translation>（未判定）</translation>
    </message>
    <message>
        <source>Save the checklist</source>
        <translation>保存检查清单</translation>
    </message>
    <message>
        <source>Attach a file to the selected item…</source>
        <translation>为选中的检查项添加附件…</translation>
    </message>
    <message>
        <source>Mark a section all OK…</source>
        <translation>将一个部分全部标为符合…</translation>
    </message>
    <message>
        <source>Mark a section all OK</source>
        <translation>将一个部分全部标为符合</translation>
    </message>
    <message>
        <source>Section</source>
        <translation>检查部分</translation>
    </message>
    <message>
        <source>Every item of this section is decided already.</source>
        <translation>该部分的检查项均已判定。</translation>
    </message>
    <message>
        <source>Mark these {n} item(s) OK and save the checklist?

{items}</source>
        <translation>将以下 {n} 个检查项标为“符合”并保存检查清单？

{items}</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择附件</translation>
    </message>
    <message>
        <source>Select a checklist item first.</source>
        <translation>请先在清单中选择一个检查项。</translation>
    </message>
    <message>
        <source>{name} is larger than {limit} MB</source>
        <translation>附件 {name} 超过 {limit} MB</translation>
    </message>
    <message>
        <source>… and {more} more: search the triage list for {product}</source>
        <translation>……另有 {more} 件：请在分诊列表中搜索 {product}</translation>
    </message>
    <message>
        <source>No other complaint on this batch or product in the 12 months before this one.</source>
        <translation>接收前 12 个月内没有同批或同品种的其他投诉。</translation>
    </message>
    <message>
        <source>Same batch / product, 12 months before receipt</source>
        <translation>接收前 12 个月内同批 / 同品种投诉</translation>
    </message>
    <message>
        <source>Sample chain of custody</source>
        <translation>样品交接记录</translation>
    </message>
    <message>
        <source>Correct the selected custody step, with a reason (until the complaint is approved)</source>
        <translation>更正所选的样品交接记录，须说明理由（投诉批准前）</translation>
    </message>
    <message>
        <source>When the step happened</source>
        <translation>该步骤的发生时间</translation>
    </message>
    <message>
        <source>step (received, sealed, to QC…)</source>
        <translation>步骤（收到、封样、交QC…）</translation>
    </message>
    <message>
        <source>holder</source>
        <translation>保管人</translation>
    </message>
    <message>
        <source>seal no.</source>
        <translation>封样编号</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Select a custody step in the list first.</source>
        <translation>请先在列表中选择一条样品交接记录。</translation>
    </message>
    <message>
        <source>Medical details (adverse reaction/event)</source>
        <translation>医学信息（不良反应/事件）</translation>
    </message>
    <message>
        <source>Save medical details</source>
        <translation>保存医学信息</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What was done</source>
        <translation>操作内容</translation>
    </message>
    <message>
        <source>Satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>What was said</source>
        <translation>答复内容</translation>
    </message>
    <message>
        <source>final</source>
        <translation>最终答复</translation>
    </message>
    <message>
        <source>interim</source>
        <translation>中间答复</translation>
    </message>
    <message>
        <source>Replies</source>
        <translation>答复记录</translation>
    </message>
    <message>
        <source>Correct the selected reply, with a reason (until the complaint is approved)</source>
        <translation>更正所选的答复，须说明理由（投诉批准前）</translation>
    </message>
    <message>
        <source>Anonymous complaint: no reply is owed.</source>
        <translation>匿名投诉：无需答复。</translation>
    </message>
    <message>
        <source>Final reply (needs the approved conclusion)</source>
        <translation>最终答复（需已批准）</translation>
    </message>
    <message>
        <source>(not known yet)</source>
        <translation>（尚不知道）</translation>
    </message>
    <message>
        <source>Draft the reply letter</source>
        <translation>生成答复函草稿</translation>
    </message>
    <message>
        <source>Record the reply</source>
        <translation>记录答复</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>Ask for an extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Extensions granted: {used} days (at most {extension_max_days})</source>
        <translation>已批准延期合计 {used} 天（上限 {extension_max_days} 天）</translation>
    </message>
    <message>
        <source>The complainant was told</source>
        <translation>已通知投诉人</translation>
    </message>
    <message>
        <source>Approve {days} days</source>
        <translation>批准延期 {days} 天</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>申请理由：{reason}</translation>
    </message>
    <message>
        <source>Close the complaint</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>A closed complaint is read-only.</source>
        <translation>已结案的投诉为只读。</translation>
    </message>
    <message>
        <source>Select a reply in the table first.</source>
        <translation>请先在表中选择一条答复。</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>INVALID: changed after signing</source>
        <translation>已失效：签名后内容被修改</translation>
    </message>
    <message>
        <source>superseded by a later cycle</source>
        <translation>已被后续流程取代</translation>
    </message>
    <message>
        <source>Approval chain: inspector proposes → QA head reviews → quality VP approves (Class I/II or recall).</source>
        <translation>审批流程：质检员提出 → 质量保证部部长审核 → 质量副总批准（I/II 类或召回）。</translation>
    </message>
    <message>
        <source>Approval chain: inspector proposes → QA head reviews and approves.</source>
        <translation>审批流程：质检员提出 → 质量保证部部长审核并批准。</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Content SHA-256</source>
        <translation>内容哈希</translation>
    </message>
    <message>
        <source>Submit for review (sign)…</source>
        <translation>提交审核（签名）…</translation>
    </message>
    <message>
        <source>Review and sign…</source>
        <translation>审核并签名…</translation>
    </message>
    <message>
        <source>Approve and sign…</source>
        <translation>批准并签名…</translation>
    </message>
    <message>
        <source>Return to the investigation…</source>
        <translation>退回补充调查…</translation>
    </message>
    <message>
        <source>review the conclusion</source>
        <translation>审核调查结论</translation>
    </message>
    <message>
        <source>review and approve the conclusion</source>
        <translation>审核并批准调查结论</translation>
    </message>
    <message>
        <source>approve the conclusion</source>
        <translation>批准调查结论</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Why it goes back</source>
        <translation>退回理由</translation>
    </message>
    <message>
        <source>To do</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>Registered by</source>
        <translation>登记来源</translation>
    </message>
    <message>
        <source>&lt;h3&gt;My tasks ({items})&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;我的待办（{items}）&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>Reception</source>
        <translation>前台</translation>
    </message>
    <message>
        <source>Registered at reception</source>
        <translation>前台登记</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>接收时间</translation>
    </message>
    <message>
        <source>Next deadline</source>
        <translation>下一时限</translation>
    </message>
    <message>
        <source>Days open</source>
        <translation>已开天数</translation>
    </message>
    <message>
        <source>Class I: not yet acknowledged by the QA head and the quality VP</source>
        <translation>I 类投诉：部长和质量副总尚未全部确认知悉</translation>
    </message>
    <message>
        <source>(QA inbox)</source>
        <translation>（QA 收件箱）</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Search number, product, batch, complainant, text (e.g. leak, glass)</source>
        <translation>搜索编号、产品、批号、投诉人、投诉内容（如：破损、异物）</translation>
    </message>
    <message>
        <source>Closed or archived</source>
        <translation>已结案或已归档</translation>
    </message>
    <message>
        <source>Any nature</source>
        <translation>全部性质</translation>
    </message>
    <message>
        <source>Any product</source>
        <translation>全部产品</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅逾期</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Print selected…</source>
        <translation>打印所选…</translation>
    </message>
    <message>
        <source>Export this list…</source>
        <translation>导出当前列表…</translation>
    </message>
    <message>
        <source>Closed and archived complaints, read-only. Each record shows how long it is kept; legal holds and destruction are on the Retention page.</source>
        <translation>已结案和已归档的投诉（只读）。每条记录显示保存期限；法律保留和销毁在「保存与销毁」页面办理。</translation>
    </message>
    <message>
        <source>Open complaints</source>
        <translation>未结投诉</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Show the whole list again</source>
        <translation>显示全部列表</translation>
    </message>
    <message>
        <source>The {n} complaints counted in: {title}</source>
        <translation>统计图中计入的 {n} 件投诉：{title}</translation>
    </message>
    <message>
        <source>Found in {field}: {text}</source>
        <translation>匹配于{field}：{text}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported {rows} to {out}</source>
        <translation>已导出 {rows} 条到 {out}</translation>
    </message>
    <message>
        <source>Search in: {which}</source>
        <translation>搜索范围：{which}</translation>
    </message>
    <message>
        <source>{total} complaints</source>
        <translation>共 {total} 条</translation>
    </message>
    <message>
        <source>(choose the report type)</source>
        <translation>（选择报告类型）</translation>
    </message>
    <message>
        <source>Correct the receipt of {number}</source>
        <translation>更正 {number} 的接收记录</translation>
    </message>
    <message>
        <source>Reason for the correction (required, audited)</source>
        <translation>更正理由（必填，记入审计追踪）</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>修改理由</translation>
    </message>
    <message>
        <source>Saved values change ({fields}). Why? (audited)</source>
        <translation>已保存的内容将被修改（{fields}）。理由是什么？（记入审计追踪）</translation>
    </message>
    <message>
        <source>Save the changes on this tab with its buttons, or discard them.</source>
        <translation>请用本页的按钮保存这些修改，或放弃修改。</translation>
    </message>
    <message>
        <source>Attachments (evidence)</source>
        <translation>附件（证据）</translation>
    </message>
    <message>
        <source>No files attached.</source>
        <translation>没有附件。</translation>
    </message>
    <message>
        <source>Add a file…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>View the selected file</source>
        <translation>查看所选文件</translation>
    </message>
    <message>
        <source>{name} · {size} KB · added by {who} at {time}</source>
        <translation>{name} · {size} KB · {who} 于 {time} 添加</translation>
    </message>
    <message>
        <source>Add a file to the complaint</source>
        <translation>为投诉添加附件</translation>
    </message>
    <message>
        <source>Add a file</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Why is it added now (required)?</source>
        <translation>为什么现在添加（必填）？</translation>
    </message>
    <message>
        <source>Correct the marked fields.</source>
        <translation>请更正标出的字段。</translation>
    </message>
    <message>
        <source>Correct the marked fields: {fields}</source>
        <translation>请更正标出的字段：{fields}</translation>
    </message>
    <message>
        <source>Record the regulatory report of {number}</source>
        <translation>记录 {number} 的监管报告</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>e.g. the provincial medical products administration</source>
        <translation>如：省药品监督管理局</translation>
    </message>
    <message>
        <source>number or receipt given by the authority&apos;s system</source>
        <translation>监管部门系统给出的编号或回执号</translation>
    </message>
    <message>
        <source>Authority</source>
        <translation>监管部门</translation>
    </message>
    <message>
        <source>Reference number</source>
        <translation>报告编号</translation>
    </message>
    <message>
        <source>Submitted at</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Next…</source>
        <translation>下一步…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Record the report</source>
        <translation>记录报告</translation>
    </message>
    <message>
        <source>This will be recorded for {number}, and it meets the report deadline:

Authority: {authority}
Reference number: {reference}
Submitted at: {when}

It cannot be undone; a mistake can be corrected with a reason until the complaint is closed.</source>
        <translation>将为 {number} 记录以下内容，并视为已满足报告时限：

监管部门：{authority}
报告编号：{reference}
提交时间：{when}

记录后不能撤销；如有错误，可在投诉结案前说明理由后更正。</translation>
    </message>
    <message>
        <source>Complaints: {what}</source>
        <translation>投诉：{what}</translation>
    </message>
    <message>
        <source>{what}: {total} complaints (exactly those counted; double-click one to open it)</source>
        <translation>{what}：共 {total} 起投诉（即图中计入的投诉；双击可打开）</translation>
    </message>
    <message>
        <source>Complaints per month, by class</source>
        <translation>每月投诉数（按分级）</translation>
    </message>
    <message>
        <source>no complaints in the period</source>
        <translation>本期无投诉</translation>
    </message>
    <message>
        <source>Root-cause categories (Pareto)</source>
        <translation>根本原因类别（帕累托图）</translation>
    </message>
    <message>
        <source>Not determined</source>
        <translation>未确定</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>投诉数</translation>
    </message>
    <message>
        <source>Cumulative %</source>
        <translation>累计百分比</translation>
    </message>
    <message>
        <source>Top products</source>
        <translation>投诉最多的产品</translation>
    </message>
    <message>
        <source>Channel mix</source>
        <translation>投诉渠道构成</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Control chart</source>
        <translation>控制图</translation>
    </message>
    <message>
        <source>no product</source>
        <translation>无产品</translation>
    </message>
    <message>
        <source>u-chart: limits from the complaint rate per units on the market</source>
        <translation>u 图：控制限来自单位上市量的投诉率</translation>
    </message>
    <message>
        <source>c-chart: limits from the monthly counts of the trailing 12 months</source>
        <translation>c 图：控制限来自此前 12 个月的月投诉数</translation>
    </message>
    <message>
        <source>Control chart: {product}</source>
        <translation>控制图：{product}</translation>
    </message>
    <message>
        <source>Upper control limit</source>
        <translation>控制上限</translation>
    </message>
    <message>
        <source>Centre line</source>
        <translation>中心线</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>预警信号</translation>
    </message>
    <message>
        <source>Time to acknowledge</source>
        <translation>确认收到用时</translation>
    </message>
    <message>
        <source>Time to first reply</source>
        <translation>首次答复用时</translation>
    </message>
    <message>
        <source>Time to close</source>
        <translation>关闭用时</translation>
    </message>
    <message>
        <source>{median} / {p90} d</source>
        <translation>{median} / {p90} 天</translation>
    </message>
    <message>
        <source>working days {median} / {p90} · n = {n}</source>
        <translation>工作日 {median} / {p90} · n = {n}</translation>
    </message>
    <message>
        <source>Median / 90th percentile, calendar days (to the hour) and working days, over the complaints received in the period that had the event.</source>
        <translation>中位数 / 第 90 百分位数，按日历天（精确到小时）和工作日计，统计对象为本期接收且已发生该事件的投诉。</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时完成率</translation>
    </message>
    <message>
        <source>{ok} of {due} deadlines</source>
        <translation>{due} 个期限中 {ok} 个按时</translation>
    </message>
    <message>
        <source>Reopen rate</source>
        <translation>重新打开率</translation>
    </message>
    <message>
        <source>{n} of {of} with a final reply</source>
        <translation>已最终答复 {of} 起中 {n} 起</translation>
    </message>
    <message>
        <source>Open backlog (days since receipt)</source>
        <translation>未结投诉（自接收起天数）</translation>
    </message>
    <message>
        <source>oldest: {ref}, due {due}</source>
        <translation>最早：{ref}，应于 {due} 完成</translation>
    </message>
    <message>
        <source>Overdue CAPA</source>
        <translation>逾期 CAPA</translation>
    </message>
    <message>
        <source>Complaints in the period</source>
        <translation>本期投诉</translation>
    </message>
    <message>
        <source>voided ones not counted</source>
        <translation>不含已作废投诉</translation>
    </message>
    <message>
        <source>Raised: {raised} · due: {due}</source>
        <translation>发出时间：{raised} · 期限：{due}</translation>
    </message>
    <message>
        <source>Decided {at}: {decision}. Reason: {reason}</source>
        <translation>已于 {at} 决定：{decision}。理由：{reason}</translation>
    </message>
    <message>
        <source>Decide the signal</source>
        <translation>决定预警信号</translation>
    </message>
    <message>
        <source>Choose a CAPA action…</source>
        <translation>选择一项 CAPA 措施…</translation>
    </message>
    <message>
        <source>The CAPA you propose: what, who, by when</source>
        <translation>所提议的 CAPA：做什么、由谁负责、何时完成</translation>
    </message>
    <message>
        <source>Why this decision (recorded in the audit trail and signed)</source>
        <translation>作出此决定的理由（记入审计追踪并签名）</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>CAPA action</source>
        <translation>CAPA 措施</translation>
    </message>
    <message>
        <source>CAPA proposed</source>
        <translation>所提议的 CAPA</translation>
    </message>
    <message>
        <source>Reason for the decision</source>
        <translation>决定理由</translation>
    </message>
    <message>
        <source>Your signature means: &lt;b&gt;{meaning}&lt;/b&gt;. It covers the signal as shown and your decision.</source>
        <translation>您的签名含义：&lt;b&gt;{meaning}&lt;/b&gt;。签名覆盖所显示的预警信号内容及您的决定。</translation>
    </message>
    <message>
        <source>Sign and record</source>
        <translation>签名并记录</translation>
    </message>
    <message>
        <source>Periodic reviews</source>
        <translation>定期审核</translation>
    </message>
    <message>
        <source>Monthly review of the register (GMP art. 276)</source>
        <translation>登记台帐月度审核（GMP 第 276 条）</translation>
    </message>
    <message>
        <source>Annual product quality review (complaints)</source>
        <translation>年度产品质量回顾（投诉部分）</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Print PDF…</source>
        <translation>打印 PDF…</translation>
    </message>
    <message>
        <source>Sign as QA head (reviewed)…</source>
        <translation>质量部长签名审核（已审核）…</translation>
    </message>
    <message>
        <source>Acknowledge as quality VP (informed)…</source>
        <translation>质量受权人确认知悉（已知悉）…</translation>
    </message>
    <message>
        <source>The review could not be read: {message}</source>
        <translation>无法读取审核：{message}</translation>
    </message>
    <message>
        <source>Signing the review…</source>
        <translation>正在签名审核…</translation>
    </message>
    <message>
        <source>Signed: {meaning} · {title}</source>
        <translation>已签名：{meaning} · {title}</translation>
    </message>
    <message>
        <source>PDF written: {path}</source>
        <translation>已生成 PDF：{path}</translation>
    </message>
    <message>
        <source>Writing the review&apos;s PDF…</source>
        <translation>正在生成审核报告 PDF…</translation>
    </message>
</context>
</TS>
