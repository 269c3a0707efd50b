# Sourced by the test scripts: points Node's WebGPU binding (Dawn) at the SwiftShader Vulkan driver
# that Debian's chromium ships. Each variable can be overridden (e.g. to use a real GPU's driver).
export VK_ICD_FILENAMES="${VK_ICD_FILENAMES:-/usr/lib/chromium/vk_swiftshader_icd.json}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
export LD_LIBRARY_PATH="/usr/lib/chromium${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
