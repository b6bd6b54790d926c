// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Vm} from "forge-std/Vm.sol";

/// @notice Reads a proof fixture written by `npm run build` (test/fixtures/<name>.json).
library ProofFixture {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    struct Data {
        bytes proof;
        bytes32[] publicInputs;
    }

    function load(string memory name) internal view returns (Data memory data) {
        string memory json = VM.readFile(string.concat("test/fixtures/", name, ".json"));
        data.proof = VM.parseJsonBytes(json, ".proof");
        data.publicInputs = VM.parseJsonBytes32Array(json, ".publicInputs");
    }
}
