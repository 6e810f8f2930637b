<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>CredentialGate</name>
    <message>
        <source>Wait {seconds} s</source>
        <translation>請稍候 {seconds} 秒</translation>
    </message>
</context>
<context>
    <name>DeskApp</name>
    <message>
        <source>LibDesk demo library</source>
        <translation>LibDesk 示範圖書館</translation>
    </message>
    <message>
        <source>This desk was filled with a fictitious demo library. Demo staff accounts (shown only this once):</source>
        <translation>本櫃台已載入虛構的示範圖書館資料。示範館員帳號如下（僅顯示這一次）：</translation>
    </message>
    <message>
        <source>LibDesk cannot open its database</source>
        <translation>LibDesk 無法開啟資料庫</translation>
    </message>
</context>
<context>
    <name>DeskSounds</name>
    <message>
        <source>Mute sounds</source>
        <translation>靜音</translation>
    </message>
    <message>
        <source>Mute sounds (Ctrl+M)</source>
        <translation>關閉提示音（Ctrl+M）</translation>
    </message>
</context>
<context>
    <name>DeskStatusBar</name>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>設備</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>同步狀態</translation>
    </message>
    <message>
        <source>Signed-in staff</source>
        <translation>登入館員</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>館別</translation>
    </message>
    <message>
        <source>Sync: checking…</source>
        <translation>同步：檢查中…</translation>
    </message>
    <message>
        <source>Offline — nothing waiting</source>
        <translation>離線 — 沒有待上傳的資料</translation>
    </message>
    <message>
        <source>Offline — {count} changes waiting</source>
        <translation>離線 — {count} 筆異動待上傳</translation>
    </message>
    <message>
        <source>Librarian</source>
        <translation>館員</translation>
    </message>
    <message>
        <source>Card staff</source>
        <translation>辦證人員</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>技術人員</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>系統管理員</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>LibDesk — Circulation desk</source>
        <translation>LibDesk — 流通櫃台</translation>
    </message>
    <message>
        <source>Circulation desk</source>
        <translation>流通櫃台</translation>
    </message>
    <message>
        <source>Current mode</source>
        <translation>目前模式</translation>
    </message>
    <message>
        <source>Patron card or ID number</source>
        <translation>借閱證或身分證號</translation>
    </message>
    <message>
        <source>Scan a library card, or type a card number or ID number</source>
        <translation>請掃描借閱證，或輸入借閱證號、身分證號</translation>
    </message>
    <message>
        <source>Item barcode</source>
        <translation>館藏條碼</translation>
    </message>
    <message>
        <source>Scan an item barcode</source>
        <translation>請掃描館藏條碼</translation>
    </message>
    <message>
        <source>&amp;Patron:</source>
        <translation>讀者(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Item:</source>
        <translation>館藏(&amp;I)：</translation>
    </message>
    <message>
        <source>Loans</source>
        <translation>借閱中</translation>
    </message>
    <message>
        <source>Number of loans</source>
        <translation>借閱冊數</translation>
    </message>
    <message>
        <source>Desk actions</source>
        <translation>櫃台作業</translation>
    </message>
    <message>
        <source>Check out</source>
        <translation>借書</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>還書</translation>
    </message>
    <message>
        <source>Renew</source>
        <translation>續借</translation>
    </message>
    <message>
        <source>New patron</source>
        <translation>下一位讀者</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查詢館藏</translation>
    </message>
    <message>
        <source>Hand over holds</source>
        <translation>預約取書</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>設備</translation>
    </message>
    <message>
        <source>Renew all</source>
        <translation>全部續借</translation>
    </message>
    <message>
        <source>Undo last checkout</source>
        <translation>取消上一筆借書</translation>
    </message>
    <message>
        <source>Print slip</source>
        <translation>列印單據</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>鎖定</translation>
    </message>
    <message>
        <source>Check out (F2)</source>
        <translation>借書（F2）</translation>
    </message>
    <message>
        <source>Check in (F3)</source>
        <translation>還書（F3）</translation>
    </message>
    <message>
        <source>Renew (F4)</source>
        <translation>續借（F4）</translation>
    </message>
    <message>
        <source>New patron (F5): scan a library card</source>
        <translation>下一位讀者（F5）：請掃描借閱證</translation>
    </message>
    <message>
        <source>Hand over holds (F7)</source>
        <translation>預約取書（F7）</translation>
    </message>
    <message>
        <source>Loans: {count}</source>
        <translation>借閱中：{count} 冊</translation>
    </message>
    <message>
        <source>({count} overdue)</source>
        <translation>（{count} 冊逾期）</translation>
    </message>
    <message>
        <source>Something went wrong and this scan was not done. Please scan it again; if it keeps happening, call the technician.</source>
        <translation>發生錯誤，這次掃描沒有完成。請再掃描一次；若一直發生，請洽技術人員。</translation>
    </message>
    <message>
        <source>Check in first?</source>
        <translation>要先還書嗎？</translation>
    </message>
    <message>
        <source>Enter: check it in, then lend it to this patron.  Esc: cancel.</source>
        <translation>Enter：先辦理還書，再借給這位讀者。  Esc：取消。</translation>
    </message>
    <message>
        <source>Check in, then check out</source>
        <translation>先還書，再借出</translation>
    </message>
    <message>
        <source>Nothing to print: identify a patron first.</source>
        <translation>沒有可列印的單據：請先辨識讀者。</translation>
    </message>
    <message>
        <source>The slip could not be printed or saved.</source>
        <translation>單據無法列印或儲存。</translation>
    </message>
    <message>
        <source>Slip sent to the printer {printer}.</source>
        <translation>單據已送至印表機 {printer}。</translation>
    </message>
    <message>
        <source>No printer: the slip was saved as {path}.</source>
        <translation>沒有印表機：單據已存成 {path}。</translation>
    </message>
</context>
<context>
    <name>DeviceBridge</name>
    <message>
        <source>Student card on {reader}: card number {number}</source>
        <translation>{reader} 上的學生證：借閱證號 {number}</translation>
    </message>
    <message>
        <source>Card on {reader}: {problem}</source>
        <translation>{reader} 上的卡片：{problem}</translation>
    </message>
    <message>
        <source>Card on {reader}: no library record, identify by UID {uid}</source>
        <translation>{reader} 上的卡片：沒有借閱證資料，以卡號 UID {uid} 辨識</translation>
    </message>
    <message>
        <source>This card&apos;s library record is damaged. Ask card staff to burn the card again.</source>
        <translation>這張卡的借閱證資料已損壞，請辦證人員重新燒錄。</translation>
    </message>
    <message>
        <source>This card shows a different number at every tap and cannot identify a patron.</source>
        <translation>這張卡每次感應的卡號都不同，無法用來辨識讀者。</translation>
    </message>
    <message>
        <source>The reader could not read this card&apos;s number. Please tap it again.</source>
        <translation>讀卡機讀不到這張卡的卡號，請再感應一次。</translation>
    </message>
    <message>
        <source>This is a library item tag, not a patron card.</source>
        <translation>這是館藏的 RFID 標籤，不是讀者的卡片。</translation>
    </message>
    <message>
        <source>No card key is set up on this desk, so student cards cannot be read. Ask the technician.</source>
        <translation>本櫃台尚未設定卡片金鑰，無法讀取學生證，請洽技術人員。</translation>
    </message>
    <message>
        <source>The smart card service (pcscd) is not running.</source>
        <translation>智慧卡服務（pcscd）未啟動。</translation>
    </message>
    <message>
        <source>The card could not be read: {reason}</source>
        <translation>無法讀取卡片：{reason}</translation>
    </message>
    <message>
        <source>Reader connected: {reader}</source>
        <translation>讀卡機已連接：{reader}</translation>
    </message>
    <message>
        <source>Reader disconnected: {reader}</source>
        <translation>讀卡機已中斷：{reader}</translation>
    </message>
    <message>
        <source>Card placed on {reader}: {type}, UID {uid}</source>
        <translation>{reader} 偵測到卡片：{type}，UID {uid}</translation>
    </message>
    <message>
        <source>Card lifted from {reader}</source>
        <translation>卡片已離開 {reader}</translation>
    </message>
    <message>
        <source>Barcode {text} ({symbology}) from {source}</source>
        <translation>條碼 {text}（{symbology}），來自 {source}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>異常</translation>
    </message>
    <message>
        <source>MIFARE Classic 1K</source>
        <translation>MIFARE Classic 1K</translation>
    </message>
    <message>
        <source>The card was taken away before it could be read. Please tap it again and hold it still.</source>
        <translation>卡片在讀取完成前就移開了，請再感應一次，並保持卡片不動。</translation>
    </message>
    <message>
        <source>MIFARE Classic 4K</source>
        <translation>MIFARE Classic 4K</translation>
    </message>
    <message>
        <source>MIFARE Ultralight</source>
        <translation>MIFARE Ultralight</translation>
    </message>
    <message>
        <source>MIFARE Ultralight C</source>
        <translation>MIFARE Ultralight C</translation>
    </message>
    <message>
        <source>ISO 14443-4 (processor card)</source>
        <translation>ISO 14443-4（處理器卡）</translation>
    </message>
    <message>
        <source>ISO 15693 tag</source>
        <translation>ISO 15693 標籤</translation>
    </message>
    <message>
        <source>FeliCa</source>
        <translation>FeliCa</translation>
    </message>
    <message>
        <source>unknown card</source>
        <translation>無法辨識的卡片</translation>
    </message>
</context>
<context>
    <name>DevicePanel</name>
    <message>
        <source>Devices</source>
        <translation>設備</translation>
    </message>
    <message>
        <source>Card readers</source>
        <translation>讀卡機</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>條碼掃描器</translation>
    </message>
    <message>
        <source>Keyboard scanner</source>
        <translation>鍵盤式掃描器</translation>
    </message>
    <message>
        <source>Live device events</source>
        <translation>即時設備事件</translation>
    </message>
    <message>
        <source>Live events</source>
        <translation>即時事件</translation>
    </message>
    <message>
        <source>APDU log (keys hidden)</source>
        <translation>APDU 紀錄（金鑰已隱藏）</translation>
    </message>
    <message>
        <source>APDU log</source>
        <translation>APDU 紀錄</translation>
    </message>
    <message>
        <source>Library, desk and server...</source>
        <translation>圖書館、櫃台與伺服器…</translation>
    </message>
    <message>
        <source>Reader to test</source>
        <translation>要測試的讀卡機</translation>
    </message>
    <message>
        <source>Test a card read</source>
        <translation>測試讀卡</translation>
    </message>
    <message>
        <source>Test read result</source>
        <translation>測試讀卡結果</translation>
    </message>
    <message>
        <source>No card reader is connected.</source>
        <translation>未連接讀卡機。</translation>
    </message>
    <message>
        <source>Reading the card on {reader}...</source>
        <translation>正在讀取 {reader} 上的卡片…</translation>
    </message>
    <message>
        <source>Reader: {reader}</source>
        <translation>讀卡機：{reader}</translation>
    </message>
    <message>
        <source>ATR: {atr}</source>
        <translation>ATR：{atr}</translation>
    </message>
    <message>
        <source>Card type: {type}</source>
        <translation>卡片類型：{type}</translation>
    </message>
    <message>
        <source>UID: {uid}</source>
        <translation>UID：{uid}</translation>
    </message>
    <message>
        <source>Error: {reason}</source>
        <translation>錯誤：{reason}</translation>
    </message>
    <message>
        <source>Not a MIFARE Classic card: no library record; the patron is found by UID.</source>
        <translation>不是 MIFARE Classic 卡片：卡上沒有借閱證資料，以 UID 查詢讀者。</translation>
    </message>
    <message>
        <source>No key A is set up on this desk, so the library record was not read.</source>
        <translation>本櫃台尚未設定 A 金鑰，因此沒有讀取借閱證資料。</translation>
    </message>
    <message>
        <source>Key A does not open the library sector: not a card of this library (an EasyCard/iPass is found by UID).</source>
        <translation>A 金鑰無法開啟借閱證磁區：這不是本館的卡片（悠遊卡／一卡通以 UID 查詢）。</translation>
    </message>
    <message>
        <source>Library record: valid, card number {number}</source>
        <translation>借閱證資料：有效，借閱證號 {number}</translation>
    </message>
    <message>
        <source>No library record on this card.</source>
        <translation>這張卡上沒有借閱證資料。</translation>
    </message>
    <message>
        <source>The library record is DAMAGED: burn the card again.</source>
        <translation>借閱證資料已損壞：請重新燒錄這張卡。</translation>
    </message>
    <message>
        <source>These settings cannot be used: {reason}</source>
        <translation>這些設定無法使用：{reason}</translation>
    </message>
</context>
<context>
    <name>DeviceStatusWidget</name>
    <message>
        <source>Device status</source>
        <translation>設備狀態</translation>
    </message>
    <message>
        <source>Training mode</source>
        <translation>教育訓練模式</translation>
    </message>
    <message>
        <source>Virtual readers are accepted: never use training mode at a public desk.</source>
        <translation>目前接受虛擬讀卡機：對外服務的櫃台切勿使用教育訓練模式。</translation>
    </message>
    <message>
        <source>Card service not running</source>
        <translation>讀卡服務未啟動</translation>
    </message>
    <message>
        <source>pcscd is not running: start it (systemctl start pcscd).</source>
        <translation>智慧卡服務 pcscd 未啟動：請啟動它（systemctl start pcscd）。</translation>
    </message>
    <message>
        <source>{reader}: problem</source>
        <translation>{reader}：異常</translation>
    </message>
    <message>
        <source>{reader}
Card present, UID {uid}</source>
        <translation>{reader}
有卡片，UID {uid}</translation>
    </message>
    <message>
        <source>{reader}: card</source>
        <translation>{reader}：有卡片</translation>
    </message>
    <message>
        <source>{reader}
Ready, no card</source>
        <translation>{reader}
就緒，無卡片</translation>
    </message>
    <message>
        <source>{reader}: ready</source>
        <translation>{reader}：就緒</translation>
    </message>
    <message>
        <source>No card reader</source>
        <translation>無讀卡機</translation>
    </message>
    <message>
        <source>No card reader is connected. Plug one in; it is found without a restart.</source>
        <translation>未連接讀卡機。插上後即可使用，不必重新啟動。</translation>
    </message>
    <message>
        <source>Scanner {port}: connected</source>
        <translation>掃描器 {port}：已連接</translation>
    </message>
    <message>
        <source>Scanner {port}: disconnected</source>
        <translation>掃描器 {port}：已中斷</translation>
    </message>
</context>
<context>
    <name>HoldsExpiry</name>
    <message>
        <source>Holds not collected in time have expired: {count}.</source>
        <translation>逾期未取的預約已失效：{count} 筆。</translation>
    </message>
</context>
<context>
    <name>LoansModel</name>
    <message>
        <source>Title</source>
        <translation>題名</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>條碼</translation>
    </message>
    <message>
        <source>Call number</source>
        <translation>索書號</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Renewed {count}×</source>
        <translation>已續借 {count} 次</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Desk locked</source>
        <translation>櫃台已鎖定</translation>
    </message>
    <message>
        <source>LibDesk is locked</source>
        <translation>LibDesk 已鎖定</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>帳號</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解除鎖定</translation>
    </message>
    <message>
        <source>Another staff member (Alt+S)</source>
        <translation>換其他館員登入（Alt+S）</translation>
    </message>
    <message>
        <source>Another staff member signs in</source>
        <translation>由其他館員登入</translation>
    </message>
    <message>
        <source>Signed in: {name}. Enter your password to continue.</source>
        <translation>目前登入：{name}。請輸入密碼以繼續。</translation>
    </message>
</context>
<context>
    <name>PatronPanel</name>
    <message>
        <source>Adult</source>
        <translation>成人</translation>
    </message>
    <message>
        <source>Child</source>
        <translation>兒童</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>學生</translation>
    </message>
    <message>
        <source>Senior</source>
        <translation>長者</translation>
    </message>
    <message>
        <source>Group card</source>
        <translation>團體借閱證</translation>
    </message>
    <message>
        <source>Personal card</source>
        <translation>個人借閱證</translation>
    </message>
    <message>
        <source>Family card</source>
        <translation>家庭借閱證</translation>
    </message>
    <message>
        <source>Digital-only card</source>
        <translation>數位借閱證</translation>
    </message>
    <message>
        <source>Digital student card</source>
        <translation>數位學生證</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>已掛失</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>已註銷</translation>
    </message>
    <message>
        <source>Not yet active</source>
        <translation>尚未啟用</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已過期</translation>
    </message>
    <message>
        <source>Patron</source>
        <translation>讀者</translation>
    </message>
    <message>
        <source>Patron name</source>
        <translation>讀者姓名</translation>
    </message>
    <message>
        <source>ID number (masked)</source>
        <translation>身分證號（已遮蔽）</translation>
    </message>
    <message>
        <source>Library card</source>
        <translation>借閱證</translation>
    </message>
    <message>
        <source>Card status</source>
        <translation>證件狀態</translation>
    </message>
    <message>
        <source>Patron kind</source>
        <translation>讀者類別</translation>
    </message>
    <message>
        <source>Reading points</source>
        <translation>閱讀點數</translation>
    </message>
    <message>
        <source>Holds ready for pickup</source>
        <translation>可取書的預約</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>借閱限制</translation>
    </message>
    <message>
        <source>Notes for staff</source>
        <translation>館員注意事項</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身分證號</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>借閱證</translation>
    </message>
    <message>
        <source>Holds ready</source>
        <translation>預約到館</translation>
    </message>
    <message>
        <source>No patron — scan a library card or type an ID number</source>
        <translation>尚未辨識讀者 — 請掃描借閱證或輸入身分證號</translation>
    </message>
</context>
<context>
    <name>ReaderForm</name>
    <message>
        <source>Reader for patron cards</source>
        <translation>讀者卡片用的讀卡機</translation>
    </message>
    <message>
        <source>Any reader</source>
        <translation>任一台讀卡機</translation>
    </message>
    <message>
        <source>Reader family and its key slots</source>
        <translation>讀卡機型號與金鑰存放位置</translation>
    </message>
    <message>
        <source>Library record sector</source>
        <translation>借閱證資料磁區</translation>
    </message>
    <message>
        <source>Key A slot in the reader</source>
        <translation>讀卡機中 A 金鑰的存放位置</translation>
    </message>
    <message>
        <source>Key B slot in the reader</source>
        <translation>讀卡機中 B 金鑰的存放位置</translation>
    </message>
    <message>
        <source>Training mode: accept virtual readers (never on a public desk)</source>
        <translation>教育訓練模式：接受虛擬讀卡機（對外服務的櫃台切勿開啟）</translation>
    </message>
    <message>
        <source>Any reader: the key slots below are used on each one.</source>
        <translation>任一讀卡機：每台都使用下列金鑰存放位置。</translation>
    </message>
    <message>
        <source>Unknown reader family (generic PC/SC reader): take its key slots from its manual.</source>
        <translation>未知的讀卡機型號（通用 PC/SC 讀卡機）：金鑰存放位置請依其說明書設定。</translation>
    </message>
    <message>
        <source>{family}: key slots {slots}.</source>
        <translation>{family}：金鑰存放位置 {slots}。</translation>
    </message>
    <message>
        <source>It does not read ISO 15693 library item tags.</source>
        <translation>此機型無法讀取 ISO 15693 館藏標籤。</translation>
    </message>
</context>
<context>
    <name>ResultBanner</name>
    <message>
        <source>Result of the last scan</source>
        <translation>上一次掃描的結果</translation>
    </message>
</context>
<context>
    <name>RevealField</name>
    <message>
        <source>National ID</source>
        <translation>身分證號</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>顯示</translation>
    </message>
    <message>
        <source>Show the full national ID (audited)</source>
        <translation>顯示完整身分證號（將記錄於稽核紀錄）</translation>
    </message>
</context>
<context>
    <name>ScannerForm</name>
    <message>
        <source>Use a serial barcode scanner</source>
        <translation>使用序列埠條碼掃描器</translation>
    </message>
    <message>
        <source>Scanner port</source>
        <translation>掃描器連接埠</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>重新整理</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>傳輸速率（鮑率）</translation>
    </message>
    <message>
        <source>Data bits</source>
        <translation>資料位元</translation>
    </message>
    <message>
        <source>None</source>
        <translation>無</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>偶同位</translation>
    </message>
    <message>
        <source>Odd</source>
        <translation>奇同位</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>Mark（固定 1）</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Space（固定 0）</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>同位檢查</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>停止位元</translation>
    </message>
    <message>
        <source>Prefix the scanner sends first</source>
        <translation>掃描器最先送出的前置字元</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>前置字元</translation>
    </message>
    <message>
        <source>CR (Enter)</source>
        <translation>CR（Enter 鍵）</translation>
    </message>
    <message>
        <source>LF</source>
        <translation>LF（換行）</translation>
    </message>
    <message>
        <source>CR LF</source>
        <translation>CR LF（Enter＋換行）</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab 鍵</translation>
    </message>
    <message>
        <source>Suffix</source>
        <translation>結尾字元</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <source>Catalog search</source>
        <extracomment>A search finished and its results are shown (tests and the status bar wait on it). The librarian chose a hit for a hold (emitted before the callback runs).</extracomment>
        <translation>館藏查詢</translation>
    </message>
    <message>
        <source>Title, author, ISBN or call number — Enter to search</source>
        <translation>題名、作者、ISBN 或索書號 — 按 Enter 查詢</translation>
    </message>
    <message>
        <source>Search the catalog</source>
        <translation>查詢館藏</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>查詢結果</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>查詢狀態</translation>
    </message>
    <message>
        <source>↓ to choose a title, Enter to place a hold for {name}</source>
        <translation>按 ↓ 選擇書目，按 Enter 為 {name} 預約</translation>
    </message>
    <message>
        <source>No patron identified: scan a card first to place holds.</source>
        <translation>尚未辨識讀者：請先掃描借閱證才能預約。</translation>
    </message>
    <message>
        <source>Type a title, author, ISBN or call number.</source>
        <translation>請輸入題名、作者、ISBN 或索書號。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>查詢中…</translation>
    </message>
    <message>
        <source>{count} titles found for “{query}”</source>
        <translation>「{query}」共找到 {count} 筆書目</translation>
    </message>
    <message>
        <source>Nothing found for “{query}”</source>
        <translation>找不到「{query}」</translation>
    </message>
    <message>
        <source>The search failed; please try again.</source>
        <translation>查詢失敗，請再試一次。</translation>
    </message>
</context>
<context>
    <name>SearchResultsModel</name>
    <message>
        <source>Title</source>
        <translation>題名</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>ISBN</source>
        <translation>ISBN</translation>
    </message>
    <message>
        <source>Call numbers</source>
        <translation>索書號</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可借/總數</translation>
    </message>
    <message>
        <source>{available} of {total} copies available</source>
        <translation>共 {total} 冊，可借 {available} 冊</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Set up this desk</source>
        <translation>設定這台櫃台</translation>
    </message>
    <message>
        <source>Set up this counter PC once. Everything here can be changed later in the device panel (F8).</source>
        <translation>這台櫃台電腦只需設定一次。之後都可以在設備面板（F8）修改。</translation>
    </message>
    <message>
        <source>Training desk: demo library, virtual readers allowed (never on a public desk)</source>
        <translation>訓練用櫃台：使用示範圖書館，允許虛擬讀卡機（公用櫃台請勿勾選）</translation>
    </message>
    <message>
        <source>Save and open the desk</source>
        <translation>儲存並開啟櫃台</translation>
    </message>
    <message>
        <source>Library and desk</source>
        <translation>圖書館與櫃台</translation>
    </message>
    <message>
        <source>Library code</source>
        <translation>圖書館代碼</translation>
    </message>
    <message>
        <source>Branch code</source>
        <translation>分館代碼</translation>
    </message>
    <message>
        <source>e.g. Main library, ground floor, desk 1</source>
        <translation>例如：總館一樓櫃台 1</translation>
    </message>
    <message>
        <source>Desk name</source>
        <translation>櫃台名稱</translation>
    </message>
    <message>
        <source>Central server</source>
        <translation>中央伺服器</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>伺服器位址</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>登錄碼</translation>
    </message>
    <message>
        <source>To enrol this desk with a server, close LibDesk and run: libdesk sync enrol</source>
        <translation>要將這台櫃台登錄到伺服器，請關閉 LibDesk 後執行：libdesk sync enrol</translation>
    </message>
    <message>
        <source>Leave both empty for a desk on its own; it can be enrolled later.</source>
        <translation>單機櫃台請兩欄都留空；之後仍可登錄。</translation>
    </message>
    <message>
        <source>Patron card reader</source>
        <translation>讀者卡讀卡機</translation>
    </message>
    <message>
        <source>Any reader</source>
        <translation>任一讀卡機</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>讀卡機</translation>
    </message>
    <message>
        <source>Key A slot in the reader</source>
        <translation>讀卡機中金鑰 A 的槽位</translation>
    </message>
    <message>
        <source>Key B slot in the reader</source>
        <translation>讀卡機中金鑰 B 的槽位</translation>
    </message>
    <message>
        <source>Test tap</source>
        <translation>測試感應</translation>
    </message>
    <message>
        <source>Barcode scanner</source>
        <translation>條碼掃描器</translation>
    </message>
    <message>
        <source>USB scanner that types like a keyboard</source>
        <translation>鍵盤模式的 USB 掃描器</translation>
    </message>
    <message>
        <source>Scanner on a serial port (COM port)</source>
        <translation>序列埠（COM 埠）掃描器</translation>
    </message>
    <message>
        <source>No scanner (barcodes typed by hand)</source>
        <translation>沒有掃描器（手動輸入條碼）</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>掃描器</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>序列埠</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>鮑率</translation>
    </message>
    <message>
        <source>CR (Enter)</source>
        <translation>CR（Enter 鍵）</translation>
    </message>
    <message>
        <source>LF</source>
        <translation>LF</translation>
    </message>
    <message>
        <source>CR LF</source>
        <translation>CR LF</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Suffix</source>
        <translation>結尾字元</translation>
    </message>
    <message>
        <source>Test scan</source>
        <translation>測試掃描</translation>
    </message>
    <message>
        <source>Click here, then scan a barcode</source>
        <translation>點這裡，然後掃描一個條碼</translation>
    </message>
    <message>
        <source>Please correct the fields marked in red.</source>
        <translation>請修正標示為紅色的欄位。</translation>
    </message>
    <message>
        <source>Enrolling with {server}...</source>
        <translation>正在向 {server} 登錄…</translation>
    </message>
    <message>
        <source>The enrolment failed unexpectedly ({kind}); nothing was saved.</source>
        <translation>登錄發生非預期的錯誤（{kind}）；沒有儲存任何設定。</translation>
    </message>
    <message>
        <source>The desk was not enrolled; nothing was saved.</source>
        <translation>櫃台沒有登錄成功；沒有儲存任何設定。</translation>
    </message>
    <message>
        <source>No card reader is connected. Plug it in; run `libdesk doctor` if it does not appear.</source>
        <translation>沒有連接讀卡機。請插上讀卡機；若仍未出現，請執行 `libdesk doctor`。</translation>
    </message>
    <message>
        <source>Tap a card on {reader}...</source>
        <translation>請在 {reader} 感應一張卡片…</translation>
    </message>
    <message>
        <source>any reader</source>
        <translation>任一讀卡機</translation>
    </message>
    <message>
        <source>Card seen on {reader}, UID {uid}. Reading it...</source>
        <translation>{reader} 偵測到卡片，UID {uid}。讀取中…</translation>
    </message>
    <message>
        <source>The reader saw a card but could not read it: {reason}</source>
        <translation>讀卡機偵測到卡片，但無法讀取：{reason}</translation>
    </message>
    <message>
        <source>Test tap OK on {reader}: {type}, UID {uid}.</source>
        <translation>測試感應成功（{reader}）：{type}，UID {uid}。</translation>
    </message>
    <message>
        <source>Library record read with key A.</source>
        <translation>已用金鑰 A 讀到圖書館資料。</translation>
    </message>
    <message>
        <source>Key A is not set on this desk yet (libdesk secrets set card-key-a).</source>
        <translation>這台櫃台尚未設定金鑰 A（libdesk secrets set card-key-a）。</translation>
    </message>
    <message>
        <source>Key A does not open this card&apos;s library sector.</source>
        <translation>金鑰 A 無法開啟這張卡的圖書館磁區。</translation>
    </message>
    <message>
        <source>Scan a barcode now: it should appear in the field, then Enter.</source>
        <translation>請現在掃描一個條碼：條碼應出現在欄位中，並接著送出 Enter。</translation>
    </message>
    <message>
        <source>Scan a barcode now.</source>
        <translation>請現在掃描一個條碼。</translation>
    </message>
    <message>
        <source>Opening {port}... then scan a barcode.</source>
        <translation>正在開啟 {port}…然後請掃描一個條碼。</translation>
    </message>
    <message>
        <source>Test scan OK: {barcode}{kind}</source>
        <translation>測試掃描成功：{barcode}{kind}</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>This is not possible right now. Please ask a technician.</source>
        <translation>目前無法執行此操作，請洽技術人員。</translation>
    </message>
    <message>
        <source>LibDesk: staff sign-in</source>
        <translation>LibDesk：館員登入</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>帳號</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>登入訊息</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登入</translation>
    </message>
    <message>
        <source>&amp;Username</source>
        <translation>帳號(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>密碼(&amp;P)</translation>
    </message>
    <message>
        <source>There are no staff accounts yet. An administrator creates the first one with:
python main.py staff add USERNAME --role administrator --name NAME</source>
        <translation>目前還沒有任何館員帳號。請系統管理員以下列指令建立第一個帳號：
python main.py staff add USERNAME --role administrator --name NAME</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>Hold pickup slip</source>
        <translation>預約取書單</translation>
    </message>
    <message>
        <source>Transit slip</source>
        <translation>調撥單</translation>
    </message>
    <message>
        <source>Checkout receipt</source>
        <translation>借書收據</translation>
    </message>
    <message>
        <source>Slip</source>
        <translation>單據</translation>
    </message>
    <message>
        <source>Patron</source>
        <translation>讀者</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身分證號</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>借閱證號</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>題名</translation>
    </message>
    <message>
        <source>Item barcode</source>
        <translation>館藏條碼</translation>
    </message>
    <message>
        <source>Printed at</source>
        <translation>列印時間</translation>
    </message>
    <message>
        <source>Items borrowed</source>
        <translation>借閱資料</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>Total: {count} items</source>
        <translation>共 {count} 冊</translation>
    </message>
</context>
<context>
    <name>TrainingPlug</name>
    <message>
        <source>Virtual devices (training)</source>
        <translation>虛擬設備（教育訓練）</translation>
    </message>
    <message>
        <source>No card reader or serial scanner was found, so this desk uses virtual devices for training. Scans and card taps come from the Training devices window (F9), not from real hardware.</source>
        <translation>找不到讀卡機或序列埠掃描器，因此本櫃台使用教育訓練用的虛擬設備。掃描與感應都來自「訓練用設備」視窗（F9），不是來自實體設備。</translation>
    </message>
    <message>
        <source>Virtual cards are off: no virtual card reader (vpcd) is reachable.</source>
        <translation>虛擬卡片無法使用：連不到虛擬讀卡機（vpcd）。</translation>
    </message>
    <message>
        <source>Training devices</source>
        <translation>訓練用設備</translation>
    </message>
</context>
<context>
    <name>TrainingWindow</name>
    <message>
        <source>Training devices</source>
        <translation>訓練用設備</translation>
    </message>
    <message>
        <source>These are virtual devices for staff training. Cards tapped and barcodes scanned here reach the desk like real ones, but no real card or scanner is involved.</source>
        <translation>這些是館員教育訓練用的虛擬設備。在這裡感應的卡片與掃描的條碼，會像實體設備一樣送到櫃台，但不涉及任何實體卡片或掃描器。</translation>
    </message>
    <message>
        <source>Library cards (virtual card reader)</source>
        <translation>借閱證（虛擬讀卡機）</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新檢查</translation>
    </message>
    <message>
        <source>Demo patrons&apos; cards</source>
        <translation>示範讀者的卡片</translation>
    </message>
    <message>
        <source>Patron</source>
        <translation>讀者</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>借閱證</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
    <message>
        <source>UID</source>
        <translation>卡號 UID</translation>
    </message>
    <message>
        <source>&amp;Tap on the reader</source>
        <translation>在讀卡機上感應(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Lift the card</source>
        <translation>移開卡片(&amp;L)</translation>
    </message>
    <message>
        <source>Scan its &amp;barcode</source>
        <translation>掃描卡上條碼(&amp;B)</translation>
    </message>
    <message>
        <source>Send the card number through the virtual scanner, as if its printed barcode were scanned.</source>
        <translation>透過虛擬掃描器送出借閱證號，如同掃描卡片上印的條碼。</translation>
    </message>
    <message>
        <source>Barcodes (virtual serial scanner)</source>
        <translation>條碼（虛擬序列埠掃描器）</translation>
    </message>
    <message>
        <source>Barcode to scan</source>
        <translation>要掃描的條碼</translation>
    </message>
    <message>
        <source>Type a barcode, then Enter to scan it</source>
        <translation>輸入條碼後按 Enter 掃描</translation>
    </message>
    <message>
        <source>&amp;Scan</source>
        <translation>掃描(&amp;S)</translation>
    </message>
    <message>
        <source>Demo items</source>
        <translation>示範館藏</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>條碼</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>題名</translation>
    </message>
    <message>
        <source>Or double-click an item (Enter) to scan its barcode:</source>
        <translation>或按兩下館藏（或按 Enter）掃描它的條碼：</translation>
    </message>
    <message>
        <source>This database holds no demo library, so no demo cards or items are listed. Barcodes typed above are still scanned.</source>
        <translation>此資料庫沒有示範圖書館資料，因此不列出示範卡片與館藏。在上方輸入的條碼仍會送出掃描。</translation>
    </message>
    <message>
        <source>Virtual card reader ready: {reader}</source>
        <translation>虛擬讀卡機已就緒：{reader}</translation>
    </message>
    <message>
        <source>Looking for a virtual card reader…</source>
        <translation>正在尋找虛擬讀卡機…</translation>
    </message>
    <message>
        <source>The smart card service (pcscd) is not running. Start it (sudo systemctl start pcscd), then press Check again.</source>
        <translation>智慧卡服務（pcscd）未啟動。請啟動它（sudo systemctl start pcscd），再按「重新檢查」。</translation>
    </message>
    <message>
        <source>No virtual card reader: install vsmartcard-vpcd (sudo apt-get install vsmartcard-vpcd), restart pcscd (sudo systemctl restart pcscd), then press Check again.</source>
        <translation>沒有虛擬讀卡機：請安裝 vsmartcard-vpcd（sudo apt-get install vsmartcard-vpcd），重新啟動 pcscd（sudo systemctl restart pcscd），再按「重新檢查」。</translation>
    </message>
    <message>
        <source>A virtual card reader is listed, but nothing listens on port {port}. Set vpcd_port in the &quot;training&quot; settings to the reader&apos;s CHANNELID, then press Check again.</source>
        <translation>已列出虛擬讀卡機，但連接埠 {port} 沒有回應。請將「training」設定中的 vpcd_port 設為讀卡機的 CHANNELID，再按「重新檢查」。</translation>
    </message>
    <message>
        <source>Virtual cards are only for desks without a real card reader.</source>
        <translation>虛擬卡片只適用於沒有實體讀卡機的櫃台。</translation>
    </message>
    <message>
        <source>Starting the virtual scanner…</source>
        <translation>正在啟動虛擬掃描器…</translation>
    </message>
    <message>
        <source>A real scanner or card reader is connected: scan with it. The virtual scanner is only started on desks without one.</source>
        <translation>已連接實體掃描器或讀卡機，請直接使用。虛擬掃描器只會在沒有實體設備的櫃台啟動。</translation>
    </message>
    <message>
        <source>Student card</source>
        <translation>數位學生證</translation>
    </message>
    <message>
        <source>EasyCard</source>
        <translation>悠遊卡</translation>
    </message>
    <message>
        <source>iPass</source>
        <translation>一卡通</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>已掛失</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>已註銷</translation>
    </message>
    <message>
        <source>Not yet active</source>
        <translation>尚未啟用</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>在架上</translation>
    </message>
    <message>
        <source>On loan</source>
        <translation>借出中</translation>
    </message>
    <message>
        <source>Tapping {name}&apos;s card…</source>
        <translation>正在感應{name}的卡片…</translation>
    </message>
    <message>
        <source>An EasyCard or iPass has no library barcode: tap it instead.</source>
        <translation>悠遊卡或一卡通沒有借閱證條碼，請改用感應。</translation>
    </message>
    <message>
        <source>Scanned on {port}.</source>
        <translation>已從 {port} 掃描。</translation>
    </message>
    <message>
        <source>On the virtual reader: {name}&apos;s {kind} ({card}).</source>
        <translation>虛擬讀卡機上：{name}的{kind}（{card}）。</translation>
    </message>
    <message>
        <source>A card with UID {uid} is on the virtual reader.</source>
        <translation>虛擬讀卡機上有一張 UID 為 {uid} 的卡片。</translation>
    </message>
    <message>
        <source>No card on the virtual reader.</source>
        <translation>虛擬讀卡機上沒有卡片。</translation>
    </message>
    <message>
        <source>The virtual scanner is not connected; the barcode was not sent.</source>
        <translation>虛擬掃描器未連接，條碼沒有送出。</translation>
    </message>
    <message>
        <source>The card did not reach the virtual reader (nothing answered on port {port}).</source>
        <translation>卡片沒有送達虛擬讀卡機（連接埠 {port} 沒有回應）。</translation>
    </message>
</context>
<context>
    <name>WedgeForm</name>
    <message>
        <source>Longest gap between scanner keys (ms)</source>
        <translation>掃描器按鍵的最長間隔（毫秒）</translation>
    </message>
    <message>
        <source>Shortest barcode (characters)</source>
        <translation>最短條碼長度（字元）</translation>
    </message>
    <message>
        <source>Longest barcode (characters)</source>
        <translation>最長條碼長度（字元）</translation>
    </message>
    <message>
        <source>Give held keys back after (ms)</source>
        <translation>暫留按鍵的交還時間（毫秒）</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>The item barcode is empty.</source>
        <translation>館藏條碼是空的。</translation>
    </message>
    <message>
        <source>An item barcode has only digits; {barcode} is not one.</source>
        <translation>館藏條碼只有數字；{barcode} 不是館藏條碼。</translation>
    </message>
    <message>
        <source>An item barcode has 14 digits; {barcode} has {count}.</source>
        <translation>館藏條碼為 14 位數字；{barcode} 有 {count} 位。</translation>
    </message>
    <message>
        <source>An item barcode starts with 3; {barcode} is not an item barcode.</source>
        <translation>館藏條碼以 3 開頭；{barcode} 不是館藏條碼。</translation>
    </message>
    <message>
        <source>The check digit of item barcode {barcode} is wrong; scan it again or type it carefully.</source>
        <translation>館藏條碼 {barcode} 的檢查碼錯誤，請重新掃描或仔細輸入。</translation>
    </message>
    <message>
        <source>This ID has used all 100 card sequences (00-99).</source>
        <translation>此身分證號已用完全部 100 個借閱證序號（00–99）。</translation>
    </message>
    <message>
        <source>The ID is empty.</source>
        <translation>身分證號是空的。</translation>
    </message>
    <message>
        <source>An ID has 10 characters; this one has {count}.</source>
        <translation>身分證號為 10 碼；此號碼有 {count} 碼。</translation>
    </message>
    <message>
        <source>An ID starts with an English letter.</source>
        <translation>身分證號第一碼是英文字母。</translation>
    </message>
    <message>
        <source>The ID&apos;s check digit is wrong; please check each character.</source>
        <translation>身分證號的檢查碼錯誤，請逐字核對。</translation>
    </message>
    <message>
        <source>An old resident certificate number has A, B, C or D as its second letter.</source>
        <translation>舊式居留證號的第二碼是 A、B、C 或 D。</translation>
    </message>
    <message>
        <source>After the first letter(s), an ID has only digits.</source>
        <translation>身分證號開頭的英文字母之後只能是數字。</translation>
    </message>
    <message>
        <source>The second character of an ID is 1 or 2 (national ID) or 8 or 9 (resident certificate).</source>
        <translation>身分證號第二碼應為 1 或 2（國民身分證）或 8 或 9（居留證）。</translation>
    </message>
    <message>
        <source>A library card number has 12 characters (ID + 2-digit sequence); this one has {count}.</source>
        <translation>借閱證號為 12 碼（身分證號＋2 位序號）；此號碼有 {count} 碼。</translation>
    </message>
    <message>
        <source>A library card number ends in a 2-digit sequence.</source>
        <translation>借閱證號最後 2 碼是序號。</translation>
    </message>
    <message>
        <source>A card sequence is between 00 and 99.</source>
        <translation>借閱證序號介於 00 與 99 之間。</translation>
    </message>
    <message>
        <source>Your role ({role}) may not do this ({action}).</source>
        <translation>您的角色（{role}）沒有權限執行此操作（{action}）。</translation>
    </message>
    <message>
        <source>This card was reported lost. The patron&apos;s current card is {card}.</source>
        <translation>此借閱證已掛失。讀者目前使用的借閱證為 {card}。</translation>
    </message>
    <message>
        <source>This card is void. The patron&apos;s current card is {card}.</source>
        <translation>此借閱證已註銷。讀者目前使用的借閱證為 {card}。</translation>
    </message>
    <message>
        <source>This card was reported lost, and the patron has no other card. Issue a new card at the card desk.</source>
        <translation>此借閱證已掛失，且讀者沒有其他借閱證，請至辦證櫃台補發新證。</translation>
    </message>
    <message>
        <source>This card is void, and the patron has no other card. Issue a new card at the card desk.</source>
        <translation>此借閱證已註銷，且讀者沒有其他借閱證，請至辦證櫃台補發新證。</translation>
    </message>
    <message>
        <source>This card is not active yet; it can be used from {date}.</source>
        <translation>此借閱證尚未啟用，自 {date} 起可以使用。</translation>
    </message>
    <message>
        <source>This card has not been activated yet.</source>
        <translation>此借閱證尚未啟用。</translation>
    </message>
    <message>
        <source>This card expired on {date}; it can be renewed at the card desk.</source>
        <translation>此借閱證已於 {date} 到期，請至辦證櫃台辦理換證。</translation>
    </message>
    <message>
        <source>This is a digital-only card, for online resources: it cannot borrow physical items.</source>
        <translation>這是數位借閱證，僅能使用線上資源，不能借閱實體館藏。</translation>
    </message>
    <message>
        <source>Suspended for returning items late.</source>
        <translation>因逾期還書停權。</translation>
    </message>
    <message>
        <source>Borrowing is suspended for {days} more days (late returns): borrowing resumes on {borrowing_date}, holds on {holds_date}.</source>
        <translation>因逾期還書停權，尚餘 {days} 天：{borrowing_date} 恢復借書，{holds_date} 恢復預約。</translation>
    </message>
    <message>
        <source>Holds can be placed again from {holds_date}.</source>
        <translation>自 {holds_date} 起可以再預約。</translation>
    </message>
    <message>
        <source>{count} item(s) overdue: please return them first.</source>
        <translation>有 {count} 件資料逾期，請先歸還。</translation>
    </message>
    <message>
        <source>The loan limit is reached: {count} of {max} items on loan.</source>
        <translation>已達借閱上限：已借 {count} 件，上限 {max} 件。</translation>
    </message>
    <message>
        <source>Preliminary record from a school roster: contact details are missing; please complete them.</source>
        <translation>學校名冊匯入的初步資料：缺少聯絡資料，請補齊。</translation>
    </message>
    <message>
        <source>This is not a card UID the desk can read (8, 14 or 20 hex digits, or 10 digits).</source>
        <translation>這不是本櫃台能辨識的卡號 UID（應為 8、14 或 20 位十六進位數字，或 10 位數字）。</translation>
    </message>
    <message>
        <source>Nothing was scanned.</source>
        <translation>沒有掃描到任何內容。</translation>
    </message>
    <message>
        <source>{barcode} is an item barcode, not a library card. Scan it in the item field.</source>
        <translation>{barcode} 是館藏條碼，不是借閱證，請在館藏欄掃描。</translation>
    </message>
    <message>
        <source>Not a library card, national ID or mobile card. Scan the card again or type the ID.</source>
        <translation>不是借閱證、身分證號或行動借閱證，請重新掃描卡片或輸入身分證號。</translation>
    </message>
    <message>
        <source>This is not a valid mobile library card code; ask the patron to reopen the card in the app.</source>
        <translation>這不是有效的行動借閱證條碼，請讀者在 App 中重新開啟借閱證。</translation>
    </message>
    <message>
        <source>This mobile card was signed with a key this desk does not know; it is refused.</source>
        <translation>此行動借閱證的簽章金鑰不是本館核發的，不予受理。</translation>
    </message>
    <message>
        <source>This mobile card&apos;s signature is not valid (altered or forged); it is refused.</source>
        <translation>此行動借閱證的簽章無效（遭竄改或偽造），不予受理。</translation>
    </message>
    <message>
        <source>This mobile card code has expired; ask the patron to refresh it in the app.</source>
        <translation>此行動借閱證條碼已過期，請讀者在 App 中重新產生。</translation>
    </message>
    <message>
        <source>This mobile card code is not valid yet; check the clock of this desk and of the phone.</source>
        <translation>此行動借閱證條碼尚未生效，請檢查本櫃台電腦與手機的時間。</translation>
    </message>
    <message>
        <source>No patron with number {patron_id}.</source>
        <translation>找不到編號 {patron_id} 的讀者。</translation>
    </message>
    <message>
        <source>The retention period cannot be negative.</source>
        <translation>保存期限不能是負數。</translation>
    </message>
    <message>
        <source>Too many failed sign-ins. Please wait {seconds} seconds and try again.</source>
        <translation>登入失敗次數過多，請等待 {seconds} 秒後再試。</translation>
    </message>
    <message>
        <source>This staff account is disabled. Please ask an administrator.</source>
        <translation>此館員帳號已停用，請洽系統管理員。</translation>
    </message>
    <message>
        <source>The username or password is incorrect. Please wait {seconds} seconds before trying again.</source>
        <translation>帳號或密碼錯誤，請等待 {seconds} 秒後再試。</translation>
    </message>
    <message>
        <source>The username or password is incorrect.</source>
        <translation>帳號或密碼錯誤。</translation>
    </message>
    <message>
        <source>A password needs at least {count} characters.</source>
        <translation>密碼至少需要 {count} 個字元。</translation>
    </message>
    <message>
        <source>A password must not be the username.</source>
        <translation>密碼不能與帳號相同。</translation>
    </message>
    <message>
        <source>There is no staff account named {username}.</source>
        <translation>沒有名為 {username} 的館員帳號。</translation>
    </message>
    <message>
        <source>A username has 2-64 characters: letters, digits, dot, hyphen or underscore.</source>
        <translation>帳號為 2 至 64 個字元，只能使用英文字母、數字、句點、連字號或底線。</translation>
    </message>
    <message>
        <source>Unknown role: {role}.</source>
        <translation>未知的角色：{role}。</translation>
    </message>
    <message>
        <source>Please enter the staff member&apos;s name.</source>
        <translation>請輸入館員姓名。</translation>
    </message>
    <message>
        <source>A staff account named {username} already exists.</source>
        <translation>館員帳號 {username} 已存在。</translation>
    </message>
    <message>
        <source>The last active administrator cannot be disabled.</source>
        <translation>不能停用最後一位有效的系統管理員。</translation>
    </message>
    <message>
        <source>The current password is incorrect.</source>
        <translation>目前的密碼不正確。</translation>
    </message>
    <message>
        <source>The key file of the secret store is missing; the stored secrets cannot be read.</source>
        <translation>找不到機密存放區的金鑰檔，無法讀取已儲存的機密資料。</translation>
    </message>
    <message>
        <source>The secret store cannot be decrypted with its key file.</source>
        <translation>無法用金鑰檔解密機密存放區。</translation>
    </message>
    <message>
        <source>The secret &quot;{name}&quot; is not set up on this desk. Please ask a technician.</source>
        <translation>本櫃台尚未設定機密項目「{name}」，請洽技術人員。</translation>
    </message>
    <message>
        <source>A card key is 12 hexadecimal digits (6 bytes).</source>
        <translation>卡片金鑰為 12 位十六進位數字（6 位元組）。</translation>
    </message>
    <message>
        <source>Identify the patron first: scan a library card or type an ID number.</source>
        <translation>請先辨識讀者：掃描借閱證或輸入身分證號。</translation>
    </message>
    <message>
        <source>Renewed all {count} loans.</source>
        <translation>已續借全部 {count} 件資料。</translation>
    </message>
    <message>
        <source>There is no checkout to undo.</source>
        <translation>沒有可以復原的借書。</translation>
    </message>
    <message>
        <source>Nothing to renew.</source>
        <translation>沒有可以續借的資料。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>兩次輸入的密碼不一致。</translation>
    </message>
    <message>
        <source>There is no branch with code {code}.</source>
        <translation>沒有代碼為 {code} 的館別。</translation>
    </message>
    <message>
        <source>That is a patron card or ID, not an item barcode. Scan it in the patron field.</source>
        <translation>這是讀者的借閱證或身分證號，不是館藏條碼，請在讀者欄掃描。</translation>
    </message>
    <message>
        <source>No such patron.</source>
        <translation>查無此讀者。</translation>
    </message>
    <message>
        <source>{title} is already on loan to this patron (scanned twice); nothing changed.</source>
        <translation>《{title}》已借給這位讀者（重複掃描），未做任何變更。</translation>
    </message>
    <message>
        <source>{title} is still on loan to another patron. Check it in first, then lend it.</source>
        <translation>《{title}》仍借給另一位讀者，請先辦理還書再借出。</translation>
    </message>
    <message>
        <source>{title} is on hold for another patron; it cannot be lent.</source>
        <translation>《{title}》已由其他讀者預約，不能借出。</translation>
    </message>
    <message>
        <source>{title} is in transit to {branch}. Check it in to receive it first.</source>
        <translation>《{title}》正調撥至{branch}，請先辦理還書以完成收件。</translation>
    </message>
    <message>
        <source>{title} is recorded as lost or withdrawn. Check it in first if it was found.</source>
        <translation>《{title}》已登記為遺失或註銷；若已尋獲，請先辦理還書。</translation>
    </message>
    <message>
        <source>{title} is not on the hold shelf for this patron.</source>
        <translation>《{title}》不在這位讀者的預約書架上。</translation>
    </message>
    <message>
        <source>This patron has no library card.</source>
        <translation>這位讀者沒有借閱證。</translation>
    </message>
    <message>
        <source>The loan limit for {item_type} is reached: {count} of {max} on loan.</source>
        <translation>{item_type}已達借閱上限：已借 {count} 件，上限 {max} 件。</translation>
    </message>
    <message>
        <source>Hold handed over: {title}, due {date}.</source>
        <translation>預約書已取：《{title}》，到期日 {date}。</translation>
    </message>
    <message>
        <source>Lent: {title}, due {date}.</source>
        <translation>借出：《{title}》，到期日 {date}。</translation>
    </message>
    <message>
        <source>Returned {late} days late: borrowing suspended {days} days, until {date}.</source>
        <translation>逾期 {late} 天歸還：停權 {days} 天，至 {date}。</translation>
    </message>
    <message>
        <source>Returned {late} days late (within the grace period).</source>
        <translation>逾期 {late} 天歸還（在寬限期內）。</translation>
    </message>
    <message>
        <source>Returned: {title}.</source>
        <translation>已還書：《{title}》。</translation>
    </message>
    <message>
        <source>{title} is on the hold shelf for a patron; nothing changed.</source>
        <translation>《{title}》在預約書架上等待讀者取書，未做任何變更。</translation>
    </message>
    <message>
        <source>{title} is in transit to {branch}: send it on; nothing changed.</source>
        <translation>《{title}》正調撥至{branch}：請繼續寄送，未做任何變更。</translation>
    </message>
    <message>
        <source>{title} was not on loan; put it back on the shelf.</source>
        <translation>《{title}》並未借出，請放回書架。</translation>
    </message>
    <message>
        <source>{title} is back on the shelf here.</source>
        <translation>《{title}》已回到本館書架。</translation>
    </message>
    <message>
        <source>{title} is not on loan to this patron.</source>
        <translation>《{title}》沒有借給這位讀者。</translation>
    </message>
    <message>
        <source>{title} is overdue (due {date}) and cannot be renewed; please return it.</source>
        <translation>《{title}》已逾期（到期日 {date}），不能續借，請歸還。</translation>
    </message>
    <message>
        <source>Another patron has a hold on {title}; it cannot be renewed.</source>
        <translation>《{title}》已有其他讀者預約，不能續借。</translation>
    </message>
    <message>
        <source>{title} has been renewed {count} time(s), the most allowed.</source>
        <translation>《{title}》已續借 {count} 次，已達續借上限。</translation>
    </message>
    <message>
        <source>Renewing {title} today would not move its due date ({date}); nothing changed.</source>
        <translation>今天續借《{title}》不會延後到期日（{date}），未做任何變更。</translation>
    </message>
    <message>
        <source>Renewed: {title}, now due {date}.</source>
        <translation>已續借：《{title}》，新到期日 {date}。</translation>
    </message>
    <message>
        <source>No such loan.</source>
        <translation>查無此借閱紀錄。</translation>
    </message>
    <message>
        <source>This loan is already closed; there is nothing to undo.</source>
        <translation>這筆借閱已結束，沒有可以取消的項目。</translation>
    </message>
    <message>
        <source>Only the patron&apos;s last checkout can be undone.</source>
        <translation>只能取消這位讀者的最後一筆借書。</translation>
    </message>
    <message>
        <source>Checkout undone: {title}.</source>
        <translation>已取消借書：《{title}》。</translation>
    </message>
    <message>
        <source>{name}: ready to borrow.</source>
        <translation>{name}：可以借書。</translation>
    </message>
    <message>
        <source>Mobile library cards are not set up on this desk (no public key configured).</source>
        <translation>本櫃台尚未設定行動借閱證（未設定公開金鑰）。</translation>
    </message>
    <message>
        <source>No patron is registered with ID {id}.</source>
        <translation>沒有以身分證號 {id} 登記的讀者。</translation>
    </message>
    <message>
        <source>This EasyCard / iPass is not bound to a library card. It can be bound at the card desk.</source>
        <translation>這張悠遊卡／一卡通尚未綁定借閱證，可至辦證櫃台辦理綁定。</translation>
    </message>
    <message>
        <source>No library card has number {card}.</source>
        <translation>查無借閱證號 {card}。</translation>
    </message>
    <message>
        <source>This student card&apos;s record was burned on another card; it is refused. Re-burn it at the card desk.</source>
        <translation>這張數位學生證上的資料是燒錄在另一張卡上的，不予受理。請至辦證櫃台重新燒錄。</translation>
    </message>
    <message>
        <source>Hold for {name} ({card})</source>
        <translation>預約者：{name}（{card}）</translation>
    </message>
    <message>
        <source>Pick up by {date}</source>
        <translation>請於 {date} 前取書</translation>
    </message>
    <message>
        <source>Pickup branch: {branch}</source>
        <translation>取書館別：{branch}</translation>
    </message>
    <message>
        <source>A patron is waiting for this item: put it on the hold shelf with its slip.</source>
        <translation>有讀者預約這件資料：請夾上取書單，放到預約書架。</translation>
    </message>
    <message>
        <source>Send to {branch}</source>
        <translation>調撥至{branch}</translation>
    </message>
    <message>
        <source>A patron at {branch} is waiting for this item: send it there with its slip.</source>
        <translation>{branch}有讀者預約這件資料：請夾上調撥單送往該館。</translation>
    </message>
    <message>
        <source>Return to {branch} (home branch)</source>
        <translation>歸還至{branch}（所屬館）</translation>
    </message>
    <message>
        <source>This item belongs to {branch}: send it home with its slip.</source>
        <translation>這件資料屬於{branch}：請夾上調撥單送回所屬館。</translation>
    </message>
    <message>
        <source>No such title in the catalog.</source>
        <translation>館藏目錄中沒有這筆書目。</translation>
    </message>
    <message>
        <source>Holds are suspended (late returns) until {holds_date}; borrowing resumes on {borrowing_date}.</source>
        <translation>因逾期還書暫停預約至 {holds_date}；{borrowing_date} 恢復借書。</translation>
    </message>
    <message>
        <source>This patron already has a hold on {title}; nothing changed.</source>
        <translation>這位讀者已預約《{title}》，未做任何變更。</translation>
    </message>
    <message>
        <source>This patron already has {title} on loan.</source>
        <translation>這位讀者已借閱《{title}》。</translation>
    </message>
    <message>
        <source>{title} has no copies that can be held.</source>
        <translation>《{title}》沒有可預約的館藏。</translation>
    </message>
    <message>
        <source>The hold limit is reached: {count} of {max} holds.</source>
        <translation>已達預約上限：已預約 {count} 件，上限 {max} 件。</translation>
    </message>
    <message>
        <source>No such pickup branch.</source>
        <translation>沒有這個取書館別。</translation>
    </message>
    <message>
        <source>Hold placed on {title}: number {position} in the queue.</source>
        <translation>已預約《{title}》：排在第 {position} 順位。</translation>
    </message>
    <message>
        <source>Hold not collected in time: put {title} back on the shelf.</source>
        <translation>預約逾期未取：請將《{title}》放回書架。</translation>
    </message>
    <message>
        <source>No item has barcode {barcode}. Check the label, or ask cataloguing.</source>
        <translation>查無條碼 {barcode} 的館藏。請檢查條碼標籤，或洽編目人員。</translation>
    </message>
    <message>
        <source>Demo data can only be written into an SQLite database.</source>
        <translation>示範資料只能寫入 SQLite 資料庫。</translation>
    </message>
    <message>
        <source>The demo set needs at least {patrons} patrons and 100 items.</source>
        <translation>示範資料至少需要 {patrons} 位讀者與 100 件館藏。</translation>
    </message>
    <message>
        <source>This database already holds library data; demo data goes only into an empty database.</source>
        <translation>此資料庫已有圖書館資料；示範資料只能寫入空白的資料庫。</translation>
    </message>
    <message>
        <source>An empty value was not stored.</source>
        <translation>空白的值未儲存。</translation>
    </message>
    <message>
        <source>Unknown secret: {name}.</source>
        <translation>未知的機密項目：{name}。</translation>
    </message>
    <message>
        <source>Another program has this database open; close the desk and try again.</source>
        <translation>另一個程式正在使用此資料庫，請關閉櫃台程式後再試一次。</translation>
    </message>
    <message>
        <source>A training mobile card lasts 1 to {most} minutes.</source>
        <translation>訓練用行動借閱證的有效時間為 1 至 {most} 分鐘。</translation>
    </message>
    <message>
        <source>The signing key in the secret store is not one of this library&apos;s mobile card keys (the database was made with another key).</source>
        <translation>機密存放區中的簽章金鑰不是本館的行動借閱證金鑰（此資料庫是用另一把金鑰建立的）。</translation>
    </message>
    <message>
        <source>No prize has number {prize}.</source>
        <translation>沒有編號 {prize} 的獎品。</translation>
    </message>
    <message>
        <source>A training redemption code lasts 1 to 60 minutes.</source>
        <translation>訓練用兌換條碼的有效時間為 1 到 60 分鐘。</translation>
    </message>
    <message>
        <source>A correction needs a reason.</source>
        <translation>更正點數必須填寫原因。</translation>
    </message>
    <message>
        <source>A correction is 1 to {most} points, up or down.</source>
        <translation>更正點數為增減 1 到 {most} 點。</translation>
    </message>
    <message>
        <source>Entry {entry} is not in this patron&apos;s passbook.</source>
        <translation>第 {entry} 筆紀錄不在這位讀者的存摺中。</translation>
    </message>
    <message>
        <source>The patron has {balance} points; a correction cannot take the balance below zero.</source>
        <translation>讀者現有 {balance} 點；更正後點數不能低於零。</translation>
    </message>
    <message>
        <source>Points corrected by {points}; {name} now has {balance}.</source>
        <translation>點數已更正 {points} 點；{name} 現有 {balance} 點。</translation>
    </message>
    <message>
        <source>No such draw.</source>
        <translation>找不到這個抽獎。</translation>
    </message>
    <message>
        <source>A draw needs a title of 1 to 200 characters.</source>
        <translation>抽獎名稱須為 1 到 200 個字。</translation>
    </message>
    <message>
        <source>A draw needs at least 1 loan to qualify and at least 1 winner.</source>
        <translation>抽獎資格至少需借閱 1 冊，且至少抽出 1 名得獎者。</translation>
    </message>
    <message>
        <source>The period must end on or after its start.</source>
        <translation>期間的結束日不能早於開始日。</translation>
    </message>
    <message>
        <source>This draw was already made; it cannot be drawn again.</source>
        <translation>這個抽獎已經抽過，不能再抽一次。</translation>
    </message>
    <message>
        <source>The eligible list no longer matches its digest; the draw is refused.</source>
        <translation>符合資格名單與其雜湊值不符，拒絕抽獎。</translation>
    </message>
    <message>
        <source>A seed is at least 32 hexadecimal digits.</source>
        <translation>種子至少須為 32 個十六進位數字。</translation>
    </message>
    <message>
        <source>Draw the winners before notifying them.</source>
        <translation>請先抽出得獎者再通知。</translation>
    </message>
    <message>
        <source>This kind of card earns no reading points.</source>
        <translation>這種借閱證不累積閱讀點數。</translation>
    </message>
    <message>
        <source>Attachments earn no reading points.</source>
        <translation>附件不累積閱讀點數。</translation>
    </message>
    <message>
        <source>Borrowed again today: no reading point for the same item twice in one day.</source>
        <translation>今天已借過這件館藏：同一天重複借閱同一件不再給點。</translation>
    </message>
    <message>
        <source>The card&apos;s reading-point cap is reached: no point was added.</source>
        <translation>這張借閱證已達點數上限：本次未增加點數。</translation>
    </message>
    <message>
        <source>The card&apos;s reading-point cap is reached: only {points} point(s) added.</source>
        <translation>這張借閱證已達點數上限：本次只增加 {points} 點。</translation>
    </message>
    <message>
        <source>An event needs a title of 1 to 200 characters.</source>
        <translation>活動名稱須為 1 到 200 個字。</translation>
    </message>
    <message>
        <source>An event grants 0 to {most} points.</source>
        <translation>活動點數為 0 到 {most} 點。</translation>
    </message>
    <message>
        <source>An event must end after it starts.</source>
        <translation>活動結束時間必須晚於開始時間。</translation>
    </message>
    <message>
        <source>A seat costs at least 1 point, and there is at least 1 seat.</source>
        <translation>座位至少 1 點，且至少有 1 個座位。</translation>
    </message>
    <message>
        <source>No such branch.</source>
        <translation>找不到這個館別。</translation>
    </message>
    <message>
        <source>{name} already has the points for {event}; nothing changed.</source>
        <translation>{name} 已領過「{event}」的點數，未做任何變更。</translation>
    </message>
    <message>
        <source>{points} points for {event}; {name} now has {balance}.</source>
        <translation>「{event}」獲得 {points} 點；{name} 現有 {balance} 點。</translation>
    </message>
    <message>
        <source>Event codes are not set up on this desk (no public key configured).</source>
        <translation>這台櫃台尚未設定活動條碼（沒有設定公開金鑰）。</translation>
    </message>
    <message>
        <source>This event is not known at this desk (yet); try again after the next sync.</source>
        <translation>這台櫃台（還）沒有這個活動的資料，請於下次同步後再試。</translation>
    </message>
    <message>
        <source>This event code does not match the event on record; it is refused.</source>
        <translation>這個活動條碼與活動紀錄不符，拒絕受理。</translation>
    </message>
    <message>
        <source>Say why the points are entered by hand (for example: the patron&apos;s phone had no battery).</source>
        <translation>請說明為何人工補登點數（例如：讀者手機沒電）。</translation>
    </message>
    <message>
        <source>No such event.</source>
        <translation>找不到這個活動。</translation>
    </message>
    <message>
        <source>{event} has not started; attendance can be confirmed only from its start.</source>
        <translation>「{event}」尚未開始，活動開始後才能確認出席。</translation>
    </message>
    <message>
        <source>{event} ended more than {days} days ago; its points can no longer be entered.</source>
        <translation>「{event}」已結束超過 {days} 天，不能再補登點數。</translation>
    </message>
    <message>
        <source>Seats at {event} are not sold for points.</source>
        <translation>「{event}」的座位不開放以點數兌換。</translation>
    </message>
    <message>
        <source>{event} is over.</source>
        <translation>「{event}」已經結束。</translation>
    </message>
    <message>
        <source>The patron already has a seat at {event}; nothing changed.</source>
        <translation>讀者已有「{event}」的座位，未做任何變更。</translation>
    </message>
    <message>
        <source>{event} is full ({seats} seats).</source>
        <translation>「{event}」已額滿（{seats} 個座位）。</translation>
    </message>
    <message>
        <source>Too few points: a seat at {event} costs {points}, the patron has {balance}.</source>
        <translation>點數不足：「{event}」座位需 {points} 點，讀者只有 {balance} 點。</translation>
    </message>
    <message>
        <source>Seat booked at {event} for {points} points; {left} left.</source>
        <translation>已以 {points} 點預約「{event}」座位；剩餘 {left} 點。</translation>
    </message>
    <message>
        <source>No such seat.</source>
        <translation>找不到這個座位。</translation>
    </message>
    <message>
        <source>This seat was already given back.</source>
        <translation>這個座位已經退回。</translation>
    </message>
    <message>
        <source>{event} has started; its seats can no longer be given back.</source>
        <translation>「{event}」已經開始，座位不能再退回。</translation>
    </message>
    <message>
        <source>Seat given back: {points} points returned; {left} now.</source>
        <translation>座位已退回：退還 {points} 點，現有 {left} 點。</translation>
    </message>
    <message>
        <source>A prize needs a name of 1 to 100 characters.</source>
        <translation>獎品名稱須為 1 到 100 個字。</translation>
    </message>
    <message>
        <source>A prize costs 1 to {most} points.</source>
        <translation>獎品點數為 1 到 {most} 點。</translation>
    </message>
    <message>
        <source>Stock is 0 to {most}; the per-card limit 0 (none) or more.</source>
        <translation>庫存為 0 到 {most}；每證限兌數量為 0（不限）或以上。</translation>
    </message>
    <message>
        <source>No such prize.</source>
        <translation>找不到這個獎品。</translation>
    </message>
    <message>
        <source>The per-card limit is 0 (none) or more.</source>
        <translation>每證限兌數量為 0（不限）或以上。</translation>
    </message>
    <message>
        <source>A stock change is 1 to {most} items, in or out.</source>
        <translation>庫存異動為增減 1 到 {most} 件。</translation>
    </message>
    <message>
        <source>Taking stock out needs a reason.</source>
        <translation>減少庫存必須填寫原因。</translation>
    </message>
    <message>
        <source>Only {stock} left in stock; cannot take out {count}.</source>
        <translation>庫存只剩 {stock} 件，不能減少 {count} 件。</translation>
    </message>
    <message>
        <source>This redemption code was already used; each code works once.</source>
        <translation>這個兌換條碼已經使用過；每個條碼只能使用一次。</translation>
    </message>
    <message>
        <source>This prize is not known at this desk (yet); nothing was redeemed.</source>
        <translation>這台櫃台（還）沒有這個獎品的資料，未兌換。</translation>
    </message>
    <message>
        <source>This prize ({name}) belongs to {branch}; it can be redeemed only there.</source>
        <translation>這個獎品（{name}）屬於{branch}，只能在該館兌換。</translation>
    </message>
    <message>
        <source>{name} is not on offer now.</source>
        <translation>「{name}」目前未開放兌換。</translation>
    </message>
    <message>
        <source>Too few points: {name} needs {points}, the patron has {balance}.</source>
        <translation>點數不足：「{name}」需 {points} 點，讀者只有 {balance} 點。</translation>
    </message>
    <message>
        <source>{name} is out of stock at this branch.</source>
        <translation>本館的「{name}」已無庫存。</translation>
    </message>
    <message>
        <source>This card has already redeemed {name} ({count} per card).</source>
        <translation>這張借閱證已兌換過「{name}」（每證限 {count} 個）。</translation>
    </message>
    <message>
        <source>{name} for {points} points: {balance} left after redeeming.</source>
        <translation>「{name}」需 {points} 點：兌換後剩餘 {balance} 點。</translation>
    </message>
    <message>
        <source>Redemption codes are not set up on this desk (no public key configured).</source>
        <translation>這台櫃台尚未設定兌換條碼（沒有設定公開金鑰）。</translation>
    </message>
    <message>
        <source>Reading passbook redemption</source>
        <translation>閱讀存摺兌換</translation>
    </message>
    <message>
        <source>Patron: {name} ({card})</source>
        <translation>讀者：{name}（{card}）</translation>
    </message>
    <message>
        <source>Prize: {name} ({branch})</source>
        <translation>獎品：{name}（{branch}）</translation>
    </message>
    <message>
        <source>Points used: {points}; points left: {left}</source>
        <translation>使用點數：{points}；剩餘點數：{left}</translation>
    </message>
    <message>
        <source>Date: {date}</source>
        <translation>日期：{date}</translation>
    </message>
    <message>
        <source>Redeemed: {name} for {points} points; {left} points left.</source>
        <translation>兌換完成：「{name}」使用 {points} 點，剩餘 {left} 點。</translation>
    </message>
    <message>
        <source>Cancelling a redemption needs a reason.</source>
        <translation>取消兌換必須填寫原因。</translation>
    </message>
    <message>
        <source>No such redemption.</source>
        <translation>找不到這筆兌換。</translation>
    </message>
    <message>
        <source>This redemption was already cancelled; nothing changed.</source>
        <translation>這筆兌換已經取消，未做任何變更。</translation>
    </message>
    <message>
        <source>This prize was redeemed at {branch}; cancel it there, where it goes back into stock.</source>
        <translation>這個獎品是在{branch}兌換的，請在該館取消，獎品才會回到庫存。</translation>
    </message>
    <message>
        <source>Redemption cancelled: {points} points back ({left} now); {name} back in stock.</source>
        <translation>已取消兌換：退還 {points} 點（現有 {left} 點）；「{name}」已回到庫存。</translation>
    </message>
    <message>
        <source>Points earned and spent by branch and month</source>
        <translation>各館各月點數發放與使用</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>館別</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>發放</translation>
    </message>
    <message>
        <source>Spent</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Net</source>
        <translation>淨額</translation>
    </message>
    <message>
        <source>Redemptions by prize</source>
        <translation>各獎品兌換統計</translation>
    </message>
    <message>
        <source>Prize no.</source>
        <translation>獎品編號</translation>
    </message>
    <message>
        <source>Prize</source>
        <translation>獎品</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>兌換</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>實際兌出</translation>
    </message>
    <message>
        <source>Points (all)</source>
        <translation>點數（全部）</translation>
    </message>
    <message>
        <source>Prize stock left</source>
        <translation>獎品庫存</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>點數</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>庫存</translation>
    </message>
    <message>
        <source>On offer</source>
        <translation>開放兌換</translation>
    </message>
    <message>
        <source>Ledger changes</source>
        <translation>點數帳異動明細</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>序號</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時間</translation>
    </message>
    <message>
        <source>Patron</source>
        <translation>讀者</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>館員</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>參照</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>備註</translation>
    </message>
    <message>
        <source>Unknown passbook setting: {name}.</source>
        <translation>未知的閱讀存摺設定：{name}。</translation>
    </message>
    <message>
        <source>{name} must be a whole number of 0 or more.</source>
        <translation>{name} 必須是 0 或以上的整數。</translation>
    </message>
    <message>
        <source>This is not a valid redemption code.</source>
        <translation>這不是有效的兌換條碼。</translation>
    </message>
    <message>
        <source>This redemption code&apos;s signature is not valid (altered or forged); it is refused.</source>
        <translation>這個兌換條碼的簽章無效（遭竄改或偽造），拒絕受理。</translation>
    </message>
    <message>
        <source>This redemption code has expired (codes last 5 minutes); ask the patron to make a new one in the app.</source>
        <translation>這個兌換條碼已過期（條碼有效 5 分鐘），請讀者在 App 重新產生。</translation>
    </message>
    <message>
        <source>This redemption code is not valid yet; check the clock of this desk.</source>
        <translation>這個兌換條碼尚未生效，請檢查這台櫃台的時鐘。</translation>
    </message>
    <message>
        <source>This is not a valid event code.</source>
        <translation>這不是有效的活動條碼。</translation>
    </message>
    <message>
        <source>This event code&apos;s signature is not valid (altered or forged); it is refused.</source>
        <translation>這個活動條碼的簽章無效（遭竄改或偽造），拒絕受理。</translation>
    </message>
    <message>
        <source>This event&apos;s code is no longer valid (the event is over).</source>
        <translation>這個活動條碼已失效（活動已結束）。</translation>
    </message>
    <message>
        <source>This event&apos;s code is not valid yet (the event has not started).</source>
        <translation>這個活動條碼尚未生效（活動尚未開始）。</translation>
    </message>
    <message>
        <source>This version of LibDesk cannot enrol with a central server yet. The server&apos;s address was saved; enrol the desk later with: libdesk sync enrol</source>
        <translation>這個版本的 LibDesk 還不能向中央伺服器登錄。伺服器位址已儲存；之後請以此指令登錄櫃台：libdesk sync enrol</translation>
    </message>
    <message>
        <source>This desk&apos;s database already holds library data (for example the demo library), which must not be mixed with the central server&apos;s library. Nothing was changed. Enrol with: libdesk sync enrol --replace-local-data (the old file is kept as a backup).</source>
        <translation>這台櫃台的資料庫已有館藏資料（例如示範圖書館），不能與中央伺服器的圖書館混在一起。沒有變更任何資料。請以此指令登錄：libdesk sync enrol --replace-local-data（原檔案會另存備份）。</translation>
    </message>
    <message>
        <source>The server&apos;s address is a web address such as https://libdesk.library.example.tw.</source>
        <translation>伺服器位址是一個網址，例如 https://libdesk.library.example.tw。</translation>
    </message>
    <message>
        <source>The server&apos;s address has no user name, password, ? or # in it.</source>
        <translation>伺服器位址中不能有使用者名稱、密碼、? 或 #。</translation>
    </message>
    <message>
        <source>The server&apos;s address must start with https:// (plain http would send the desk&apos;s token and patron data unencrypted).</source>
        <translation>伺服器位址必須以 https:// 開頭（一般 http 會以未加密的方式傳送櫃台權杖與讀者資料）。</translation>
    </message>
    <message>
        <source>An enrolment code looks like LD-7K2M-9QXD-4HT8: 12 letters and digits from the central server&apos;s administrator.</source>
        <translation>登錄碼的格式如 LD-7K2M-9QXD-4HT8：由中央伺服器管理者提供的 12 個英文字母與數字。</translation>
    </message>
    <message>
        <source>The library code is 2 to 16 letters or digits, for example TPML.</source>
        <translation>圖書館代碼為 2 到 16 個英文字母或數字，例如 TPML。</translation>
    </message>
    <message>
        <source>The branch code is 1 to 16 letters, digits, - or _, for example MAIN.</source>
        <translation>分館代碼為 1 到 16 個英文字母、數字、- 或 _，例如 MAIN。</translation>
    </message>
    <message>
        <source>This desk&apos;s database has no branch {code}; known branches: {known}.</source>
        <translation>這台櫃台的資料庫中沒有分館 {code}；已知的分館：{known}。</translation>
    </message>
    <message>
        <source>Give this desk a name staff will recognise, for example 總館一樓櫃台 1.</source>
        <translation>請為這台櫃台取一個館員認得的名稱，例如 總館一樓櫃台 1。</translation>
    </message>
    <message>
        <source>A desk name is at most {limit} characters.</source>
        <translation>櫃台名稱最多 {limit} 個字。</translation>
    </message>
    <message>
        <source>A desk name cannot hold control characters.</source>
        <translation>櫃台名稱不能包含控制字元。</translation>
    </message>
    <message>
        <source>Enter the one-time enrolment code from the central server&apos;s administrator.</source>
        <translation>請輸入中央伺服器管理者提供的一次性登錄碼。</translation>
    </message>
    <message>
        <source>An enrolment code needs the server&apos;s address.</source>
        <translation>使用登錄碼時必須填寫伺服器位址。</translation>
    </message>
    <message>
        <source>A virtual reader takes cards from the network: it is allowed only on a training desk.</source>
        <translation>虛擬讀卡機會接收來自網路的卡片：只能在訓練用櫃台使用。</translation>
    </message>
    <message>
        <source>A reader key slot is a number from 0 to {limit}.</source>
        <translation>讀卡機金鑰槽位是 0 到 {limit} 的數字。</translation>
    </message>
    <message>
        <source>Choose the serial port the scanner is on (e.g. /dev/serial/by-id/... or COM3).</source>
        <translation>請選擇掃描器所在的序列埠（例如 /dev/serial/by-id/… 或 COM3）。</translation>
    </message>
    <message>
        <source>The baud rate is one of {rates}.</source>
        <translation>鮑率必須是下列之一：{rates}。</translation>
    </message>
    <message>
        <source>These scanner settings cannot be used: {reason}</source>
        <translation>這些掃描器設定無法使用：{reason}</translation>
    </message>
</context>
<context>
    <name>drivers</name>
    <message>
        <source>Scanner connected on {port}.</source>
        <translation>掃描器已連接於 {port}。</translation>
    </message>
    <message>
        <source>No scanner on {port}. Plug it in, or choose its port in the device panel.</source>
        <translation>{port} 上沒有掃描器。請插上掃描器，或在設備面板中選擇它的連接埠。</translation>
    </message>
    <message>
        <source>No permission to open {port}. Add this user to the dialout group, then log in again.</source>
        <translation>沒有開啟 {port} 的權限。請將此使用者加入 dialout 群組，然後重新登入。</translation>
    </message>
    <message>
        <source>Cannot open the scanner port {port} (error {error}).</source>
        <translation>無法開啟掃描器連接埠 {port}（錯誤 {error}）。</translation>
    </message>
    <message>
        <source>The scanner on {port} was unplugged. Waiting for it to come back.</source>
        <translation>{port} 上的掃描器已拔除，等待重新連接。</translation>
    </message>
    <message>
        <source>The scanner on {port} is stopped.</source>
        <translation>{port} 上的掃描器已停止。</translation>
    </message>
    <message>
        <source>Ignored {count} unreadable bytes from the scanner on {port}.</source>
        <translation>已略過 {port} 掃描器傳來的 {count} 個無法辨識的位元組。</translation>
    </message>
    <message>
        <source>Ignored a line longer than {limit} characters from the scanner on {port}.</source>
        <translation>已略過 {port} 掃描器傳來超過 {limit} 個字元的資料。</translation>
    </message>
    <message>
        <source>Ignored an incomplete barcode from the scanner on {port}. Check that its suffix is {suffix}.</source>
        <translation>已略過 {port} 掃描器傳來的不完整條碼，請確認掃描器的結尾字元設定為 {suffix}。</translation>
    </message>
    <message>
        <source>Ignored a line without the expected prefix from the scanner on {port}.</source>
        <translation>已略過 {port} 掃描器傳來、沒有預期前置字元的資料。</translation>
    </message>
</context>
</TS>
