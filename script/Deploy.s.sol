// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Script, console} from "forge-std/Script.sol";
import {ZKMLIncentives} from "../contracts/ZKMLIncentives.sol";
import {IHonkVerifier} from "../contracts/interfaces/IHonkVerifier.sol";

/// @title Deploy
/// @notice Deploys the generated UltraHonk verifier and ZKMLIncentives bound to it, then writes the
///         addresses to `deployments/<chainId>.json` (read by the TypeScript SDK).
/// @dev Env: VERIFIER_ARTIFACT (default "ZkmlHonkVerifierOptimized.sol:ZkmlHonkVerifierOptimized"),
///      DEPLOYMENTS_DIR (default "deployments"). Usage (see contracts/README.md):
///      npx forge script script/Deploy.s.sol --rpc-url <url> --private-key <key> --broadcast
///      npx forge script script/Deploy.s.sol --rpc-url <url> --account <keystore name> --broadcast
contract Deploy is Script {
    /// @notice The verifier deployed when VERIFIER_ARTIFACT is not set.
    string public constant DEFAULT_VERIFIER_ARTIFACT = "ZkmlHonkVerifierOptimized.sol:ZkmlHonkVerifierOptimized"; // solhint-disable-line gas-small-strings

    /// @notice Addresses produced by a deployment.
    /// @param verifier The UltraHonk verifier.
    /// @param incentives The ZKMLIncentives contract.
    struct Deployment {
        address verifier;
        address incentives;
    }

    /// @notice Deploys with the broadcasting account and records the deployment.
    /// @return d The deployed addresses.
    function run() external returns (Deployment memory d) {
        string memory artifact = vm.envOr("VERIFIER_ARTIFACT", DEFAULT_VERIFIER_ARTIFACT);
        vm.startBroadcast();
        d = deploy(artifact);
        vm.stopBroadcast();
        string memory path = _write(d, artifact);
        // A deploy script reports what it did.
        // solhint-disable no-console
        console.log("verifier      ", d.verifier);
        console.log("ZKMLIncentives", d.incentives);
        console.log("written to    ", path);
        // solhint-enable no-console
    }

    /// @notice Deploys the verifier artifact `artifact` and a ZKMLIncentives bound to it.
    /// @param artifact A Foundry artifact name, e.g. "ZkmlHonkVerifierOptimized.sol:ZkmlHonkVerifierOptimized".
    /// @return d The deployed addresses.
    function deploy(string memory artifact) public returns (Deployment memory d) {
        d.verifier = vm.deployCode(artifact);
        d.incentives = address(new ZKMLIncentives(IHonkVerifier(d.verifier)));
    }

    function _write(Deployment memory d, string memory artifact) internal returns (string memory path) {
        string memory dir = vm.envOr("DEPLOYMENTS_DIR", string("deployments"));
        path = string.concat(dir, "/", vm.toString(block.chainid), ".json");
        string memory key = "deployment";
        vm.serializeUint(key, "chainId", block.chainid);
        vm.serializeAddress(key, "ZKMLIncentives", d.incentives);
        vm.serializeAddress(key, "verifier", d.verifier);
        vm.serializeString(key, "verifierArtifact", artifact);
        string memory json = vm.serializeAddress(key, "deployer", msg.sender);
        vm.createDir(dir, true);
        vm.writeJson(json, path);
    }
}
