/** Microsoft pages several Windows rules cite. */
export const SYSPREP_OVERVIEW = {
  title: 'Sysprep (System Preparation) overview: limitations',
  url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--system-preparation--overview',
};
export const SYSPREP_PROCESS = {
  title: 'Sysprep process overview',
  url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-process-overview',
};
export const SYSPREP_ROLES = {
  title: 'Sysprep support for server roles',
  url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep-support-for-server-roles',
};
export const SYSPREP_GENERALIZE = {
  title: 'Sysprep (Generalize) a Windows installation',
  url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/sysprep--generalize--a-windows-installation',
};
export const SETUP_STATES = { title: 'Windows Setup states', url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states' };
export const SETUP_AUTOMATION = {
  title: 'Windows Setup automation overview (implicit answer file search order)',
  url: 'https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-automation-overview',
};
export const SERVER_FEATURE = { title: 'Win32_ServerFeature class', url: 'https://learn.microsoft.com/windows/win32/wmisdk/win32-serverfeature' };
