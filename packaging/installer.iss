; Inno Setup 6 script: installs 党务台账 for the current user, no administrator rights needed.
;
;   1. build the one-folder program:   pyinstaller --noconfirm --clean packaging/dangjian.spec
;   2. compile the installer:          iscc packaging\installer.iss
;      -> dist\installer\党务台账-安装程序-<version>.exe
;
; This file is UTF-8 with a byte-order mark: Inno Setup 6 reads a script without one in the ANSI code
; page, which would garble every Chinese string below.
; Needs Inno Setup 6.5 or newer, which ships Languages\ChineseSimplified.isl; with an older one, copy
; that file from https://jrsoftware.org/files/istrans/ into its Languages folder.

#define AppName "党务台账"
#define AppExe "dangjian-gui.exe"
#define DistDir AddBackslash(SourcePath) + "..\dist\dangjian"

; The one version number is dangjian_desktop.__version__: the spec writes it into the programs' version
; resource, and it is read back here, so the installer can never disagree with the window or the PDFs.
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error 找不到 dist\dangjian\dangjian-gui.exe 的版本号：请先运行 pyinstaller packaging/dangjian.spec
#endif

[Setup]
AppId={{6F2B7C1E-3D4A-4E59-9B8C-2A7D1E5F0C31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=dangjian_desktop
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per-user install: {autopf} is %LOCALAPPDATA%\Programs when running without elevation.
PrivilegesRequired=lowest
DefaultDirName={autopf}\DangjianDesktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Qt 6 runs on Windows 10 1809 (build 17763) or newer; the installer refuses older systems up front
; (the program itself also says so in Chinese, should it be copied over by hand).
MinVersion=10.0.17763
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename={#AppName}-安装程序-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
CloseApplications=yes
#if FileExists(AddBackslash(SourcePath) + "..\resources\icons\dangjian.ico")
SetupIconFile=..\resources\icons\dangjian.ico
#endif

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "在桌面上创建快捷方式"; GroupDescription: "快捷方式："

[Files]
; The whole one-folder build. Only the program folder: the data directory is never part of the install.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autoprograms}\{#AppName} 使用指南"; Filename: "{app}\_internal\resources\help\guide.html"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "立即打开{#AppName}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] entry for the data: the uninstaller removes only what [Files] put in {app}.
; The database, its backups and its settings stay in %LOCALAPPDATA%\dangjian_desktop, so reinstalling
; or upgrading never loses a branch's records.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('{#AppName}已卸载。' + #13#10 + #13#10 +
      '党员花名册等数据没有删除，仍保存在：' + #13#10 +
      ExpandConstant('{localappdata}\dangjian_desktop') + #13#10 + #13#10 +
      '重新安装后会继续使用这些数据。确实不再需要时，可以手动删除这个文件夹（请先备份到 U 盘）。',
      mbInformation, MB_OK);
end;
