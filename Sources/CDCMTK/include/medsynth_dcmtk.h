#pragma once
#ifdef __cplusplus
extern "C" {
#endif
const char *msd_dcmtk_version(void);
#ifdef __cplusplus
}
#endif
