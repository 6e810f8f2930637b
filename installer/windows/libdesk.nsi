; LibDesk for Windows: installs the PyInstaller one-folder bundle, a Start-menu entry,
; checks that the Smart Card service runs, and uninstalls cleanly.
;
; Build on Windows (see installer/README.md):
;   makensis /DVERSION=0.1.0 installer\windows\libdesk.nsi
; CI compiles it on Linux (Debian's nsis) against a stand-in bundle:
;   makensis -DBUNDLE=/path/to/bundle -DOUTFILE=/tmp/setup.exe installer/windows/libdesk.nsi
;
; Silent install for mass roll-out:  LibDesk-Setup-<version>.exe /S
; then configure each PC with:         "C:\Program Files\LibDesk\libdesk-console.exe" setup ...
Unicode true
ManifestDPIAware true

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "StrFunc.nsh"
${StrStr}

!ifndef VERSION
  !define VERSION "0.1.0"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\..\dist\libdesk"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\LibDesk-Setup-${VERSION}.exe"
!endif
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\LibDesk"

Name "LibDesk"
Caption "$(Title)"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\LibDesk"
InstallDirRegKey HKLM "Software\LibDesk" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
BrandingText "LibDesk ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "LibDesk"
VIAddVersionKey /LANG=0 "FileDescription" "LibDesk circulation desk installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "LibDesk"

!define MUI_ABORTWARNING
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\libdesk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Traditional Chinese first: the installer speaks the language of the desk.
!insertmacro MUI_LANGUAGE "TradChinese"
!insertmacro MUI_LANGUAGE "English"

LangString Title ${LANG_TRADCHINESE} "LibDesk 圖書館流通櫃台 ${VERSION} 安裝程式"
LangString Title ${LANG_ENGLISH} "LibDesk Circulation Desk ${VERSION} Setup"
LangString ShortcutName ${LANG_TRADCHINESE} "圖書館流通櫃台"
LangString ShortcutName ${LANG_ENGLISH} "LibDesk Circulation Desk"
LangString DoctorName ${LANG_TRADCHINESE} "LibDesk 設備檢查 (doctor)"
LangString DoctorName ${LANG_ENGLISH} "LibDesk device check (doctor)"
LangString UninstallName ${LANG_TRADCHINESE} "解除安裝 LibDesk"
LangString UninstallName ${LANG_ENGLISH} "Uninstall LibDesk"
LangString RunNow ${LANG_TRADCHINESE} "立即開啟 LibDesk（第一次開啟時會出現設定精靈）"
LangString RunNow ${LANG_ENGLISH} "Open LibDesk now (the first start shows the setup dialog)"
LangString Needs64 ${LANG_TRADCHINESE} "LibDesk 需要 64 位元的 Windows 10 或更新版本。"
LangString Needs64 ${LANG_ENGLISH} "LibDesk needs 64-bit Windows 10 or newer."
LangString ScardMissing ${LANG_TRADCHINESE} "這台電腦沒有「智慧卡」(SCardSvr) 服務，讀卡機將無法使用。$\r$\n請聯絡資訊人員確認 Windows 的智慧卡元件。$\r$\n條碼掃描仍可使用。"
LangString ScardMissing ${LANG_ENGLISH} "This PC has no Smart Card service (SCardSvr), so card readers will not work.$\r$\nAsk IT to check the Windows smart card components.$\r$\nBarcode scanning still works."
LangString ScardStopped ${LANG_TRADCHINESE} "「智慧卡」(SCardSvr) 服務沒有執行，讀卡機將無法使用。$\r$\n請開啟「服務」(services.msc)，將「智慧卡」設為「自動」並按「啟動」，$\r$\n然後執行開始功能表中的「LibDesk 設備檢查」。"
LangString ScardStopped ${LANG_ENGLISH} "The Smart Card service (SCardSvr) is not running, so card readers will not work.$\r$\nOpen Services (services.msc), set 'Smart Card' to Automatic and press Start,$\r$\nthen run 'LibDesk device check' from the Start menu."
LangString ScardStatus ${LANG_TRADCHINESE} "檢查智慧卡服務……"
LangString ScardStatus ${LANG_ENGLISH} "Checking the Smart Card service..."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Needs64)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

; The Smart Card service (SCardSvr) must run for PC/SC readers. Windows starts it on
; demand when a reader is plugged in; a desk needs it always, so make it automatic,
; start it, and say in words if it still does not run (silent installs: no dialog).
Function CheckSmartCardService
  DetailPrint "$(ScardStatus)"
  nsExec::ExecToStack '"$SYSDIR\sc.exe" query SCardSvr'
  Pop $0
  Pop $1
  ${If} $0 != 0
    MessageBox MB_ICONEXCLAMATION "$(ScardMissing)" /SD IDOK
    Return
  ${EndIf}
  nsExec::ExecToLog '"$SYSDIR\sc.exe" config SCardSvr start= auto'
  Pop $0
  ${StrStr} $2 $1 "RUNNING"
  ${If} $2 == ""
    nsExec::ExecToLog '"$SYSDIR\sc.exe" start SCardSvr'
    Pop $0
    nsExec::ExecToStack '"$SYSDIR\sc.exe" query SCardSvr'
    Pop $0
    Pop $1
    ${StrStr} $2 $1 "RUNNING"
    ${If} $2 == ""
      ${StrStr} $2 $1 "START_PENDING"
    ${EndIf}
    ${If} $2 == ""
      MessageBox MB_ICONEXCLAMATION "$(ScardStopped)" /SD IDOK
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "LibDesk" SecMain
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; An update replaces the bundle whole: no stale module of an older version stays behind.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\LibDesk"
  CreateShortcut "$SMPROGRAMS\LibDesk\$(ShortcutName).lnk" "$INSTDIR\libdesk.exe" "" "$INSTDIR\libdesk.exe" 0
  CreateShortcut "$SMPROGRAMS\LibDesk\$(DoctorName).lnk" "$SYSDIR\cmd.exe" '/k ""$INSTDIR\libdesk-console.exe" doctor"'
  CreateShortcut "$SMPROGRAMS\LibDesk\$(UninstallName).lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKLM "Software\LibDesk" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "LibDesk $(ShortcutName)"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "LibDesk"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\libdesk.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1

  Call CheckSmartCardService
SectionEnd

; Removes the program and its menu entries. The desk's own data (the local database,
; settings, logs under %LOCALAPPDATA%\LibDesk) and the secrets in Credential Manager
; stay: an update or reinstall must not lose the day's unsent loans.
Section "Uninstall"
  SetShellVarContext all
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\libdesk.exe"
  Delete "$INSTDIR\libdesk-console.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\LibDesk\*.lnk"
  RMDir "$SMPROGRAMS\LibDesk"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\LibDesk"
SectionEnd
