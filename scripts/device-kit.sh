#!/usr/bin/env bash
# Builds .device-kit/ (in .gitignore, about 42 MB): the device checks (scripts/device-check.ts) bundled into one
# ES module, Dawn's Node binding for linux-x64 and this machine's Node binary (both gzipped), and run.sh, which
# unpacks them into /tmp and runs the checks on the machine's own Vulkan driver. For a linux-x64 machine with a GPU
# but without Node or the project's node_modules: copy .device-kit there (with, in .gl/ beside it, the .deb files
# of the Vulkan loader if that machine has none) and run `bash .device-kit/run.sh [max workgroups] [rounds]`.
# Here, on SwiftShader: bash scripts/device-kit.sh && source scripts/gpu-env.sh && bash .device-kit/run.sh 16 1
set -euo pipefail
cd "$(dirname "$0")/.."
kit=.device-kit
rm -rf "$kit"
mkdir -p "$kit/node_modules/webgpu"
node scripts/device-kit.mjs "$kit"
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$kit/node_modules/webgpu/"
gzip -9 -c node_modules/webgpu/dist/linux-x64/dawn.node >"$kit/dawn.node.gz"
gzip -9 -c "$(readlink -f "$(command -v node)")" >"$kit/node.gz"
cat >"$kit/run.sh" <<'RUN'
#!/usr/bin/env bash
# Unpacks the kit into /tmp/device-kit and runs the device checks (arguments go to them).
set -euo pipefail
kit=$(cd "$(dirname "$0")" && pwd)
gl="$kit/../.gl" # the Vulkan loader's .deb files, for a machine without one
if [ -d "$gl" ] && ! ldconfig -p | grep -q libvulkan; then
  for f in "$gl"/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
# The NVIDIA driver's Vulkan ICD, unless VK_ICD_FILENAMES names one already
for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \
  /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json; do
  if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f "$icd" ]; then export VK_ICD_FILENAMES="$icd"; fi
done
rm -rf /tmp/device-kit && mkdir -p /tmp/device-kit/node_modules/webgpu/dist/linux-x64
cp "$kit/device-check.mjs" /tmp/device-kit/
cp "$kit/node_modules/webgpu/index.js" "$kit/node_modules/webgpu/package.json" /tmp/device-kit/node_modules/webgpu/
gunzip -c "$kit/dawn.node.gz" >/tmp/device-kit/node_modules/webgpu/dist/linux-x64/dawn.node
gunzip -c "$kit/node.gz" >/tmp/device-kit/node && chmod +x /tmp/device-kit/node
cat >/tmp/device-kit/run.mjs <<'MJS'
import { main } from './device-check.mjs';
await main(process.argv.slice(2));
process.exit(0);
MJS
cd /tmp/device-kit && ./node --version && ./node run.mjs "$@"
RUN
chmod +x "$kit/run.sh"
du -sh "$kit"
